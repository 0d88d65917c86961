package io.pcagent.bootstrap.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.text.ClasspathText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head node's installer, run for real by bash on a real bundle, under PCAGENT_ROOT, with stand-ins for what
 * cannot run here (the AWS CLI, systemctl, useradd, groupadd, getent; see their headers).
 */
class PostinstallTest {
  @TempDir Path dir;
  private Path script;
  private Path root;
  private Path calls;
  private Path bin;
  private AgentBundle bundle;

  @BeforeEach
  void setUp() throws Exception {
    bin = Files.createDirectories(dir.resolve("bin"));
    for (String standIn : List.of("aws", "systemctl", "useradd", "groupadd", "getent", "curl", "journalctl", "pcluster-agent-java",
        "java", "dnf", "apt-get", "iptables", "iptables-save", "ip6tables-save")) {
      standIn(bin, standIn);
    }
    script = Files.write(dir.resolve(AgentBundle.POSTINSTALL), AgentBundle.resource(AgentBundle.POSTINSTALL));
    root = Files.createDirectories(dir.resolve("root"));
    calls = dir.resolve("calls");
    Path jar = Files.write(dir.resolve("pcluster-agent.jar"), new byte[] {'P', 'K', 3, 4, 42});
    bundle = AgentBundle.build(jar, "0.1.0");
    Path s3 = Files.createDirectories(dir.resolve("s3/data-bucket/pcluster-agent/0.1.0"));
    Files.write(s3.resolve(AgentBundle.ARCHIVE), bundle.archive());
  }

  private static Path standIn(Path folder, String name) throws Exception {
    Path file = folder.resolve(name);
    Files.writeString(file, ClasspathText.read(PostinstallTest.class, "PostinstallTest/" + name));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private record Result(int exitCode, String output) {}

  private record Streams(int exitCode, String stdout, String stderr) {}

  private Result install(String... args) throws Exception {
    return install(Map.of(), args);
  }

  private Result install(Map<String, String> extraEnvironment, String... args) throws Exception {
    ProcessBuilder builder = installer(extraEnvironment, args).redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private Streams installApart(Map<String, String> extraEnvironment, String... args) throws Exception {
    ProcessBuilder builder = installer(extraEnvironment, args).redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Streams(process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
  }

  private ProcessBuilder installer(Map<String, String> extraEnvironment, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(argv);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("PCAGENT_ROOT", root.toString());
    env.put("FAKE_S3_DIR", dir.resolve("s3").toString());
    env.put("FAKE_CALLS", calls.toString());
    env.put("JAVA", bin.resolve("pcluster-agent-java").toString());
    env.put("FAKE_ACCOUNTS", Files.createDirectories(dir.resolve("accounts")).toString());
    env.putAll(extraEnvironment);
    return builder;
  }

  private String uri() {
    return "s3://data-bucket/pcluster-agent/0.1.0/" + AgentBundle.ARCHIVE;
  }

  @Test
  void installsTheBundleAndStartsBothServices() throws Exception {
    Result result = install(uri(), bundle.sha256(), "--expected-nodes=16", "--job-user=pcagent-jobs:2950:2951",
        "--set", "http.host=127.0.0.1");
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path installLog = root.resolve("var/log/parallelcluster/pcluster-agent-install.log");
    assertThat(result.output()).endsWith("pcluster-agent-postinstall: pcluster-agent 0.1.0 installed and ready "
        + "(port 9810; config " + root + "/etc/pcluster-agent/config.yaml; this log " + installLog + ")\n");
    assertThat(Files.readString(installLog)).startsWith("=== pcluster-agent-postinstall " + uri()).endsWith(result.output());
    assertThat(Files.readAllBytes(root.resolve("opt/pcluster-agent/current/pcluster-agent.jar"))).containsExactly('P', 'K', 3, 4, 42);
    assertThat(Files.readSymbolicLink(root.resolve("opt/pcluster-agent/current"))).isEqualTo(Path.of("0.1.0"));
    assertThat(Files.readString(root.resolve("opt/pcluster-agent/bin/pcluster-agent")))
        .isEqualTo(Files.readString(Path.of("..", "postinstall", "pcluster-agent")));
    assertThat(Files.isExecutable(root.resolve("opt/pcluster-agent/bin/pcluster-agent"))).isTrue();
    assertThat(Files.readString(root.resolve("etc/pcluster-agent/config.yaml"))).contains("binDir: /opt/slurm/bin")
        .endsWith("\njobs:\n  user: pcagent-jobs\nhealth:\n  expectedNodes: 16\n");
    assertThat(Files.readString(root.resolve("etc/pcluster-agent/agent.env"))).isEqualTo("PCAGENT_ARGS=--set http.host=127.0.0.1\n");
    assertThat(Files.readAllLines(calls)).containsSubsequence("groupadd --system --gid 2951 pcagent-jobs",
        "useradd --system --uid 2950 --gid 2951 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pcagent-jobs",
        "groupadd --system pcagent", "useradd --system --gid pcagent --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pcagent",
        "pcluster-agent prepare --config " + root + "/etc/pcluster-agent/config.yaml --user pcagent --unit-dir " + root
            + "/etc/systemd/system --set http.host=127.0.0.1",
        "systemctl daemon-reload");
    assertThat(root.resolve("etc/systemd/system/pcluster-agent.service")).exists();
    assertThat(root.resolve("etc/systemd/system/pcluster-agent-runner.service")).exists();
    assertThat(Files.readAllLines(calls)).containsSubsequence("systemctl daemon-reload",
        "systemctl enable pcluster-agent.service pcluster-agent-runner.service",
        "systemctl restart pcluster-agent.service pcluster-agent-runner.service", "curl http://127.0.0.1:9810/readyz");

    Files.writeString(root.resolve("etc/pcluster-agent/config.yaml"), "http:\n  port: 9811\n");
    assertThat(install(uri(), bundle.sha256()).exitCode()).as("again").isZero();
    assertThat(Files.readString(root.resolve("etc/pcluster-agent/config.yaml"))).as("an edited config is kept").contains("9811");
    assertThat(Files.readAllLines(calls)).as("the edited port is the one asked").endsWith("curl http://127.0.0.1:9811/readyz");
    assertThat(Files.readString(installLog)).as("the log keeps both runs").contains("installed and ready (port 9810",
        "installed and ready (port 9811");
  }

  @Test
  void anAgentThatDoesNotGetReadyFailsTheCustomActionWithItsLogTail() throws Exception {
    Result result = install(Map.of("FAKE_NOT_READY", "1", "PCAGENT_READY_SECONDS", "3"), uri(), bundle.sha256(), "--set", "http.port=9899");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains(
        "pcluster-agent-postinstall: the agent did not answer http://127.0.0.1:9899/readyz within 3 s; the end of its log:\n"
            + "Dec 03 17:00:01 head java[4242]: pcluster-agent: config.yaml: http.port: must be from 1 to 65535, got 0\n",
        "pcluster-agent-postinstall: pcluster-agent 0.1.0 is installed but not ready");
    assertThat(Files.readAllLines(calls)).contains("journalctl --unit pcluster-agent.service --no-pager --lines 40");
  }

  @Test
  void aPrepareThatFailsFailsTheCustomActionBeforeAnyServiceStarts() throws Exception {
    Result result = install(Map.of("FAKE_AGENT_FAILS", "prepare: no user or group named 'pcagent' on this host"), uri(), bundle.sha256());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).endsWith("prepare: no user or group named 'pcagent' on this host\n"
        + "pcluster-agent-postinstall: cannot prepare the agent's folders (pcluster-agent prepare)\n");
    assertThat(Files.readAllLines(calls)).noneMatch(call -> call.startsWith("systemctl"));
  }

  @Test
  void onAComputeNodeItDoesNothing() throws Exception {
    Files.writeString(Files.createDirectories(root.resolve("etc/parallelcluster")).resolve("cfnconfig"),
        "stack_name=ml-cluster\ncfn_node_type=ComputeFleet\ncfn_cluster_user=ubuntu\n");

    Result result = install(uri(), bundle.sha256());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).endsWith("pcluster-agent-postinstall: this is a ComputeFleet node, not the head node: nothing to install\n");
    assertThat(root.resolve("opt/pcluster-agent")).doesNotExist();
    assertThat(calls).doesNotExist();

    Files.writeString(root.resolve("etc/parallelcluster/cfnconfig"), "stack_name=ml-cluster\ncfn_node_type=HeadNode\n");
    assertThat(install(uri(), bundle.sha256()).exitCode()).as("on the head node").isZero();
    assertThat(root.resolve("opt/pcluster-agent/current/pcluster-agent.jar")).exists();
  }

  @Test
  void aJobUserWithOtherIdsThanTheComputeNodesGetIsAnError() throws Exception {
    Files.writeString(Files.createDirectories(dir.resolve("accounts")).resolve("passwd"), "pcagent-jobs:x:998:998::/:/bin/false\n");
    Files.writeString(dir.resolve("accounts/group"), "pcagent-jobs:x:2950:\n");

    Result result = install(uri(), bundle.sha256(), "--expected-nodes=3");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).endsWith("pcluster-agent-job-user: user pcagent-jobs exists with UID 998, not 2950\n"
        + "pcluster-agent-postinstall: cannot create the job user\n");
    assertThat(calls).as("neither useradd nor systemctl ran").doesNotExist();
  }

  @Test
  void badInstallerOptionsAreRefused() throws Exception {
    assertThat(install(uri(), bundle.sha256(), "--expected-nodes=many").output())
        .isEqualTo("pcluster-agent-postinstall: --expected-nodes must be a number of nodes, got 'many'\n");
    assertThat(install(uri(), bundle.sha256(), "--job-user=root").output())
        .isEqualTo("pcluster-agent-postinstall: --job-user must be NAME:UID:GID, got 'root'\n");
  }

  @Test
  void aBundleWithAnotherChecksumIsRefusedAndNothingInstalled() throws Exception {
    String wrong = "0".repeat(64);
    Result result = install(uri(), wrong);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).isEqualTo("pcluster-agent-postinstall: " + uri() + " has sha256 " + bundle.sha256() + ", not "
        + wrong + ": refused\n");
    assertThat(root.resolve("opt")).doesNotExist();
    assertThat(calls).doesNotExist();
  }

  @Test
  void badArgumentsAndAMissingBundle() throws Exception {
    assertThat(install(uri()).output()).startsWith("pcluster-agent-postinstall: usage: ");
    assertThat(install(uri(), "ABC").output()).isEqualTo("pcluster-agent-postinstall: SHA256 must be 64 lower-case hex digits, got 'ABC'\n");
    assertThat(install(uri(), bundle.sha256(), "--set", "a=b c").output()).contains("agent option 'a=b c' has spaces");
    Result missing = install("s3://data-bucket/nothing.tar.gz", bundle.sha256());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.output()).isEqualTo("fatal error: An error occurred (404) when calling the HeadObject operation: "
        + "Key \"nothing.tar.gz\" does not exist\npcluster-agent-postinstall: cannot fetch s3://data-bucket/nothing.tar.gz\n");
    assertThat(install("ftp://x/y", bundle.sha256()).output()).contains("BUNDLE_URI must be an s3:// or https:// URI, got 'ftp://x/y'");
  }

  private void osRelease(String id, String versionId, String idLike) throws Exception {
    Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("os-release"), "NAME=\"" + id + "\"\nID=\"" + id
        + "\"\nVERSION_ID=\"" + versionId + "\"\n" + (idLike.isEmpty() ? "" : "ID_LIKE=\"" + idLike + "\"\n")
        + "PRETTY_NAME=\"" + id + " " + versionId + "\"\n");
  }

  /** ParallelCluster's operating systems (ubuntu2204, ubuntu2404, alinux2023, rhel8/9, rocky8/9), by os-release. */
  @Test
  void javaComesFromEachDistributionsOwnPackages() throws Exception {
    Map<List<String>, String> distributions = new java.util.LinkedHashMap<>();
    distributions.put(List.of("ubuntu", "22.04", "debian"), "apt-get install -y -qq openjdk-17-jre-headless");
    distributions.put(List.of("ubuntu", "24.04", "debian"), "apt-get install -y -qq openjdk-17-jre-headless");
    distributions.put(List.of("amzn", "2023", "fedora"), "dnf install -y java-17-amazon-corretto-headless");
    distributions.put(List.of("rhel", "9.4", "fedora"), "dnf install -y java-17-openjdk-headless");
    distributions.put(List.of("rocky", "8.10", "rhel centos fedora"), "dnf install -y java-17-openjdk-headless");
    for (Map.Entry<List<String>, String> distribution : distributions.entrySet()) {
      Files.deleteIfExists(calls);
      osRelease(distribution.getKey().get(0), distribution.getKey().get(1), distribution.getKey().get(2));

      Result result = install(Map.of("FAKE_JAVA_VERSION", "11"), uri(), bundle.sha256());

      assertThat(result.exitCode()).as(distribution.getKey() + ": " + result.output()).isZero();
      assertThat(Files.readAllLines(calls)).as(distribution.getKey().toString()).contains(distribution.getValue())
          .noneMatch(call -> call.startsWith(distribution.getValue().startsWith("dnf") ? "apt-get" : "dnf"));
    }

    Files.deleteIfExists(calls);
    assertThat(install(uri(), bundle.sha256()).exitCode()).isZero();
    assertThat(Files.readAllLines(calls)).as("Java 17 there: no package asked").noneMatch(call -> call.startsWith("dnf"))
        .noneMatch(call -> call.startsWith("apt-get"));
  }

  @Test
  void aDistributionWithoutAPackageOrAFailedInstallStopsWithTheReasonOnStderr() throws Exception {
    osRelease("sles", "15.5", "suse");
    Streams unknown = installApart(Map.of("FAKE_JAVA_VERSION", "11"), uri(), bundle.sha256());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).endsWith("pcluster-agent-postinstall: installing Java 17\npcluster-agent-postinstall: no "
        + "Java 17, and no package for this distribution ('sles 15.5'): install Java 17 first\n");

    osRelease("amzn", "2023", "fedora");
    Streams failed = installApart(Map.of("FAKE_JAVA_VERSION", "11", "FAKE_PACKAGES_FAIL", "1"), uri(), bundle.sha256());
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stderr()).as("ParallelCluster's custom-action event takes the failure from stderr").endsWith(
        "Error: Unable to find a match: java-17-amazon-corretto-headless\n"
            + "pcluster-agent-postinstall: cannot install Java 17 with the distribution's package manager\n");
    assertThat(failed.stdout()).doesNotContain("cannot install");
    assertThat(Files.readString(root.resolve("var/log/parallelcluster/pcluster-agent-install.log")))
        .as("the log keeps both streams").contains("cannot install Java 17 with the distribution's package manager");
    assertThat(root.resolve("opt/pcluster-agent/current")).doesNotExist();
  }

  /**
   * HeadNode.Imds.Secured (the default) closes instance metadata to every user but root, pcluster-admin and the
   * cluster's default user: the agent's user is added with ParallelCluster's own script, and the rules saved where
   * ParallelCluster's parallelcluster-iptables service restores them at boot.
   */
  @Test
  void whereInstanceMetadataIsSecuredTheAgentsUserIsAllowedTheWayParallelClusterAllowsItsOwn() throws Exception {
    standIn(Files.createDirectories(root.resolve("opt/parallelcluster/scripts/imds")), "imds-access.sh");

    Result open = install(uri(), bundle.sha256());
    assertThat(open.exitCode()).as(open.output()).isZero();
    assertThat(Files.readAllLines(calls)).as("not secured: nothing to allow").contains("iptables -S PARALLELCLUSTER_IMDS")
        .noneMatch(call -> call.startsWith("imds-access.sh"));

    Result secured = install(Map.of("FAKE_IMDS_SECURED", "1"), uri(), bundle.sha256());
    assertThat(secured.exitCode()).as(secured.output()).isZero();
    assertThat(Files.readAllLines(calls)).containsSubsequence("useradd --system --gid pcagent --no-create-home --home-dir "
        + "/nonexistent --shell /usr/sbin/nologin pcagent", "imds-access.sh --allow pcagent", "systemctl daemon-reload");
    assertThat(secured.output()).contains("pcluster-agent-postinstall: allowed pcagent to reach instance metadata "
        + "(HeadNode.Imds.Secured)\n");
    assertThat(Files.readString(root.resolve("etc/parallelcluster/sysconfig/iptables.rules")))
        .contains("-A PARALLELCLUSTER_IMDS -d 169.254.169.254/32 -m owner --uid-owner pcagent -j ACCEPT");
    assertThat(Files.readString(root.resolve("etc/parallelcluster/sysconfig/ip6tables.rules")))
        .contains("-A PARALLELCLUSTER_IMDS -d fd00:ec2::254/128 -m owner --uid-owner pcagent -j ACCEPT");
  }

  /**
   * On a ParallelCluster 3.11+ AMI (Pyxis and Enroot installed, disabled, samples under /opt/parallelcluster/examples)
   * the head node enables Pyxis for the cluster once, and its node-local Enroot paths come from the job-user step,
   * which every compute node runs too.
   */
  @Test
  void whereTheAmiShipsPyxisDisabledItIsEnabledOnceWithNodeLocalPaths() throws Exception {
    Path examples = root.resolve("opt/parallelcluster/examples");
    for (String sample : List.of("enroot/enroot.conf", "pyxis/pyxis.conf", "spank/plugstack.conf")) {
      Path file = Files.createDirectories(examples.resolve(sample).getParent()).resolve(sample.substring(sample.indexOf('/') + 1));
      Files.writeString(file, ClasspathText.read(PostinstallTest.class, "PostinstallTest/examples/" + file.getFileName()));
    }
    standIn(Files.createDirectories(root.resolve("opt/slurm/bin")), "scontrol");

    Result result = install(uri(), bundle.sha256(), "--enroot-cache=/fsx/enroot/cache");
    assertThat(result.exitCode()).as(result.output()).isZero();

    assertThat(Files.readString(root.resolve("opt/slurm/etc/plugstack.conf"))).contains("include /opt/slurm/etc/plugstack.conf.d/*");
    assertThat(Files.readString(root.resolve("opt/slurm/etc/plugstack.conf.d/pyxis.conf")))
        .contains("required /usr/local/lib/slurm/spank_pyxis.so runtime_path=/run/pyxis\n");
    String enroot = Files.readString(root.resolve("etc/enroot/enroot.conf"));
    assertThat(enroot).startsWith("# written by pcluster-agent-job-user.sh\n")
        .contains("ENROOT_RUNTIME_PATH        /run/enroot/user-$(id -u)\n", "ENROOT_DATA_PATH           /run/enroot/data/user-$(id -u)\n",
            "ENROOT_CACHE_PATH          /fsx/enroot/cache/group-$(id -g)\n", "ENROOT_SQUASH_OPTIONS -noI -noD -noF -noX -no-duplicates\n");
    assertThat(Files.readString(root.resolve("etc/tmpfiles.d/pcluster-agent-containers.conf")))
        .isEqualTo("d /run/enroot 1777 root root -\nd /run/enroot/data 1777 root root -\nd /run/pyxis 1777 root root -\n");
    assertThat(root.resolve("fsx/enroot/cache")).isDirectory();
    assertThat(Files.readAllLines(calls)).containsOnlyOnce("scontrol reconfigure");
    assertThat(result.output()).contains("pcluster-agent-postinstall: enabled Pyxis for the cluster");

    Files.delete(calls);
    assertThat(install(uri(), bundle.sha256(), "--enroot-cache=/fsx/enroot/cache").exitCode()).as("again").isZero();
    assertThat(Files.readAllLines(calls)).as("enabled already: Slurm is not reconfigured again").doesNotContain("scontrol reconfigure");

    Files.writeString(root.resolve("etc/enroot/enroot.conf"), "ENROOT_RUNTIME_PATH /mine\n");
    assertThat(install(uri(), bundle.sha256()).exitCode()).isZero();
    assertThat(Files.readString(root.resolve("etc/enroot/enroot.conf"))).as("an operator's own enroot.conf is kept")
        .isEqualTo("ENROOT_RUNTIME_PATH /mine\n");
  }

  @Test
  void anAmiWithoutTheSamplesIsLeftAsItIs() throws Exception {
    assertThat(install(uri(), bundle.sha256(), "--enroot-cache=/fsx/enroot/cache").exitCode()).isZero();

    assertThat(root.resolve("etc/enroot")).doesNotExist();
    assertThat(root.resolve("opt/slurm/etc/plugstack.conf.d")).doesNotExist();
    assertThat(install(uri(), bundle.sha256(), "--enroot-cache=fsx").output())
        .contains("pcluster-agent-job-user: expected --enroot-cache=/ABSOLUTE/DIR, got '--enroot-cache=fsx'");
  }
}
