package io.pcagent.bootstrap.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.text.ClasspathText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer on what ParallelCluster's nodes are: its operating systems' package managers, instance metadata
 * closed by HeadNode.Imds.Secured, AMIs that ship Pyxis and Enroot disabled ({@link InstallerRun}).
 */
class PostinstallOnParallelClusterTest {
  @TempDir Path dir;
  private InstallerRun run;

  @BeforeEach
  void setUp() throws Exception {
    run = new InstallerRun(dir);
  }

  private void osRelease(String id, String versionId, String idLike) throws Exception {
    Files.writeString(Files.createDirectories(run.root.resolve("etc")).resolve("os-release"), "NAME=\"" + id + "\"\nID=\"" + id
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
      Files.deleteIfExists(run.calls);
      osRelease(distribution.getKey().get(0), distribution.getKey().get(1), distribution.getKey().get(2));

      InstallerRun.Result result = run.install(Map.of("FAKE_JAVA_VERSION", "11"), run.uri(), run.bundle.sha256());

      assertThat(result.exitCode()).as(distribution.getKey() + ": " + result.output()).isZero();
      assertThat(Files.readAllLines(run.calls)).as(distribution.getKey().toString()).contains(distribution.getValue())
          .noneMatch(call -> call.startsWith(distribution.getValue().startsWith("dnf") ? "apt-get" : "dnf"));
    }

    Files.deleteIfExists(run.calls);
    assertThat(run.install(run.uri(), run.bundle.sha256()).exitCode()).isZero();
    assertThat(Files.readAllLines(run.calls)).as("Java 17 there: no package asked").noneMatch(call -> call.startsWith("dnf"))
        .noneMatch(call -> call.startsWith("apt-get"));
  }

  @Test
  void aDistributionWithoutAPackageOrAFailedInstallStopsWithTheReasonOnStderr() throws Exception {
    osRelease("sles", "15.5", "suse");
    InstallerRun.Streams unknown = run.installApart(Map.of("FAKE_JAVA_VERSION", "11"), run.uri(), run.bundle.sha256());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).endsWith("pcluster-agent-postinstall: installing Java 17\npcluster-agent-postinstall: no "
        + "Java 17, and no package for this distribution ('sles 15.5'): install Java 17 first\n");

    osRelease("amzn", "2023", "fedora");
    InstallerRun.Streams failed = run.installApart(Map.of("FAKE_JAVA_VERSION", "11", "FAKE_PACKAGES_FAIL", "1"), run.uri(), run.bundle.sha256());
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stderr()).as("ParallelCluster's custom-action event takes the failure from stderr").endsWith(
        "Error: Unable to find a match: java-17-amazon-corretto-headless\n"
            + "pcluster-agent-postinstall: cannot install Java 17 with the distribution's package manager\n");
    assertThat(failed.stdout()).doesNotContain("cannot install");
    assertThat(Files.readString(run.root.resolve("var/log/parallelcluster/pcluster-agent-install.log")))
        .as("the log keeps both streams").contains("cannot install Java 17 with the distribution's package manager");
    assertThat(run.root.resolve("opt/pcluster-agent/current")).doesNotExist();
  }

  /**
   * HeadNode.Imds.Secured (the default) closes instance metadata to every user but run.root, pcluster-admin and the
   * cluster's default user: the agent's user is added with ParallelCluster's own script, and the rules saved where
   * ParallelCluster's parallelcluster-iptables service restores them at boot.
   */
  @Test
  void whereInstanceMetadataIsSecuredTheAgentsUserIsAllowedTheWayParallelClusterAllowsItsOwn() throws Exception {
    InstallerRun.standIn(Files.createDirectories(run.root.resolve("opt/parallelcluster/scripts/imds")), "imds-access.sh");

    InstallerRun.Result open = run.install(run.uri(), run.bundle.sha256());
    assertThat(open.exitCode()).as(open.output()).isZero();
    assertThat(Files.readAllLines(run.calls)).as("not secured: nothing to allow").contains("iptables -S PARALLELCLUSTER_IMDS")
        .noneMatch(call -> call.startsWith("imds-access.sh"));

    InstallerRun.Result secured = run.install(Map.of("FAKE_IMDS_SECURED", "1"), run.uri(), run.bundle.sha256());
    assertThat(secured.exitCode()).as(secured.output()).isZero();
    assertThat(Files.readAllLines(run.calls)).containsSubsequence("useradd --system --gid pcagent --no-create-home --home-dir "
        + "/nonexistent --shell /usr/sbin/nologin pcagent", "imds-access.sh --allow pcagent", "systemctl daemon-reload");
    assertThat(secured.output()).contains("pcluster-agent-postinstall: allowed pcagent to reach instance metadata "
        + "(HeadNode.Imds.Secured)\n");
    assertThat(Files.readString(run.root.resolve("etc/parallelcluster/sysconfig/iptables.rules")))
        .contains("-A PARALLELCLUSTER_IMDS -d 169.254.169.254/32 -m owner --uid-owner pcagent -j ACCEPT");
    assertThat(Files.readString(run.root.resolve("etc/parallelcluster/sysconfig/ip6tables.rules")))
        .contains("-A PARALLELCLUSTER_IMDS -d fd00:ec2::254/128 -m owner --uid-owner pcagent -j ACCEPT");
  }

  /**
   * On a ParallelCluster 3.11+ AMI (Pyxis and Enroot installed, disabled, samples under /opt/parallelcluster/examples)
   * the head node enables Pyxis for the cluster once, and its node-local Enroot paths come from the job-user step,
   * which every compute node runs too.
   */
  @Test
  void whereTheAmiShipsPyxisDisabledItIsEnabledOnceWithNodeLocalPaths() throws Exception {
    Path examples = run.root.resolve("opt/parallelcluster/examples");
    for (String sample : List.of("enroot/enroot.conf", "pyxis/pyxis.conf", "spank/plugstack.conf")) {
      Path file = Files.createDirectories(examples.resolve(sample).getParent()).resolve(sample.substring(sample.indexOf('/') + 1));
      Files.writeString(file, ClasspathText.read(PostinstallTest.class, "PostinstallOnParallelClusterTest/" + file.getFileName()));
    }
    InstallerRun.standIn(Files.createDirectories(run.root.resolve("opt/slurm/bin")), "scontrol");

    InstallerRun.Result result = run.install(run.uri(), run.bundle.sha256(), "--enroot-cache=/fsx/enroot/cache");
    assertThat(result.exitCode()).as(result.output()).isZero();

    assertThat(Files.readString(run.root.resolve("opt/slurm/etc/plugstack.conf"))).contains("include /opt/slurm/etc/plugstack.conf.d/*");
    assertThat(Files.readString(run.root.resolve("opt/slurm/etc/plugstack.conf.d/pyxis.conf")))
        .contains("required /usr/local/lib/slurm/spank_pyxis.so runtime_path=/run/pyxis\n");
    String enroot = Files.readString(run.root.resolve("etc/enroot/enroot.conf"));
    assertThat(enroot).startsWith("# written by pcluster-agent-job-user.sh\n")
        .contains("ENROOT_RUNTIME_PATH        /run/enroot/user-$(id -u)\n", "ENROOT_DATA_PATH           /run/enroot/data/user-$(id -u)\n",
            "ENROOT_CACHE_PATH          /fsx/enroot/cache/group-$(id -g)\n", "ENROOT_SQUASH_OPTIONS -noI -noD -noF -noX -no-duplicates\n");
    assertThat(Files.readString(run.root.resolve("etc/tmpfiles.d/pcluster-agent-containers.conf")))
        .isEqualTo("d /run/enroot 1777 root root -\nd /run/enroot/data 1777 root root -\nd /run/pyxis 1777 root root -\n");
    assertThat(run.root.resolve("fsx/enroot/cache")).isDirectory();
    assertThat(Files.readAllLines(run.calls)).containsOnlyOnce("scontrol reconfigure");
    assertThat(result.output()).contains("pcluster-agent-postinstall: enabled Pyxis for the cluster");

    Files.delete(run.calls);
    assertThat(run.install(run.uri(), run.bundle.sha256(), "--enroot-cache=/fsx/enroot/cache").exitCode()).as("again").isZero();
    assertThat(Files.readAllLines(run.calls)).as("enabled already: Slurm is not reconfigured again").doesNotContain("scontrol reconfigure");

    Files.writeString(run.root.resolve("etc/enroot/enroot.conf"), "ENROOT_RUNTIME_PATH /mine\n");
    assertThat(run.install(run.uri(), run.bundle.sha256()).exitCode()).isZero();
    assertThat(Files.readString(run.root.resolve("etc/enroot/enroot.conf"))).as("an operator's own enroot.conf is kept")
        .isEqualTo("ENROOT_RUNTIME_PATH /mine\n");
  }

  @Test
  void anAmiWithoutTheSamplesIsLeftAsItIs() throws Exception {
    assertThat(run.install(run.uri(), run.bundle.sha256(), "--enroot-cache=/fsx/enroot/cache").exitCode()).isZero();

    assertThat(run.root.resolve("etc/enroot")).doesNotExist();
    assertThat(run.root.resolve("opt/slurm/etc/plugstack.conf.d")).doesNotExist();
    assertThat(run.install(run.uri(), run.bundle.sha256(), "--enroot-cache=fsx").output())
        .contains("pcluster-agent-job-user: expected --enroot-cache=/ABSOLUTE/DIR, got '--enroot-cache=fsx'");
  }
}
