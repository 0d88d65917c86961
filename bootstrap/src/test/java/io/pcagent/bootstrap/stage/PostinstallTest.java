package io.pcagent.bootstrap.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head node's installer, run for real by bash ({@link InstallerRun}): install, upgrade, refusals. */
class PostinstallTest {
  @TempDir Path dir;
  private InstallerRun run;

  @BeforeEach
  void setUp() throws Exception {
    run = new InstallerRun(dir);
  }

  @Test
  void installsTheBundleAndStartsBothServices() throws Exception {
    InstallerRun.Result result = run.install(run.uri(), run.bundle.sha256(), "--expected-nodes=16", "--job-user=pcagent-jobs:2950:2951",
        "--set", "http.host=127.0.0.1");
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path installLog = run.root.resolve("var/log/parallelcluster/pcluster-agent-install.log");
    assertThat(result.output()).endsWith("pcluster-agent-postinstall: pcluster-agent 0.1.0 installed and ready "
        + "(port 9810; config " + run.root + "/etc/pcluster-agent/config.yaml; this log " + installLog + ")\n");
    assertThat(Files.readString(installLog)).startsWith("=== pcluster-agent-postinstall " + run.uri()).endsWith(result.output());
    assertThat(Files.readAllBytes(run.root.resolve("opt/pcluster-agent/current/pcluster-agent.jar"))).containsExactly('P', 'K', 3, 4, 42);
    assertThat(Files.readSymbolicLink(run.root.resolve("opt/pcluster-agent/current"))).isEqualTo(Path.of("0.1.0"));
    assertThat(Files.readString(run.root.resolve("opt/pcluster-agent/bin/pcluster-agent")))
        .isEqualTo(Files.readString(Path.of("..", "postinstall", "pcluster-agent")));
    assertThat(Files.isExecutable(run.root.resolve("opt/pcluster-agent/bin/pcluster-agent"))).isTrue();
    assertThat(Files.readString(run.root.resolve("etc/pcluster-agent/config.yaml"))).contains("binDir: /opt/slurm/bin")
        .endsWith("\njobs:\n  user: pcagent-jobs\nhealth:\n  expectedNodes: 16\n");
    assertThat(Files.readString(run.root.resolve("etc/pcluster-agent/agent.env"))).isEqualTo("PCAGENT_ARGS=--set http.host=127.0.0.1\n");
    assertThat(Files.readAllLines(run.calls)).containsSubsequence("groupadd --system --gid 2951 pcagent-jobs",
        "useradd --system --uid 2950 --gid 2951 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pcagent-jobs",
        "groupadd --system pcagent", "useradd --system --gid pcagent --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pcagent",
        "pcluster-agent prepare --config " + run.root + "/etc/pcluster-agent/config.yaml --user pcagent --unit-dir " + run.root
            + "/etc/systemd/system --set http.host=127.0.0.1",
        "systemctl daemon-reload");
    assertThat(run.root.resolve("etc/systemd/system/pcluster-agent.service")).exists();
    assertThat(run.root.resolve("etc/systemd/system/pcluster-agent-runner.service")).exists();
    assertThat(Files.readAllLines(run.calls)).containsSubsequence("systemctl daemon-reload",
        "systemctl enable pcluster-agent.service pcluster-agent-runner.service",
        "systemctl restart pcluster-agent.service pcluster-agent-runner.service", "curl http://127.0.0.1:9810/readyz");

    Files.writeString(run.root.resolve("etc/pcluster-agent/config.yaml"), "http:\n  port: 9811\n");
    assertThat(run.install(run.uri(), run.bundle.sha256()).exitCode()).as("again").isZero();
    assertThat(Files.readString(run.root.resolve("etc/pcluster-agent/config.yaml"))).as("an edited config is kept").contains("9811");
    assertThat(Files.readAllLines(run.calls)).as("the edited port is the one asked").endsWith("curl http://127.0.0.1:9811/readyz");
    assertThat(Files.readString(installLog)).as("the log keeps both runs").contains("installed and ready (port 9810",
        "installed and ready (port 9811");
  }

  @Test
  void anAgentThatDoesNotGetReadyFailsTheCustomActionWithItsLogTail() throws Exception {
    InstallerRun.Result result = run.install(Map.of("FAKE_NOT_READY", "1", "PCAGENT_READY_SECONDS", "3"), run.uri(), run.bundle.sha256(), "--set", "http.port=9899");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains(
        "pcluster-agent-postinstall: the agent did not answer http://127.0.0.1:9899/readyz within 3 s; the end of its log:\n"
            + "Dec 03 17:00:01 head java[4242]: pcluster-agent: config.yaml: http.port: must be from 1 to 65535, got 0\n",
        "pcluster-agent-postinstall: pcluster-agent 0.1.0 is installed but not ready");
    assertThat(Files.readAllLines(run.calls)).contains("journalctl --unit pcluster-agent.service --no-pager --lines 40");
  }

  @Test
  void aPrepareThatFailsFailsTheCustomActionBeforeAnyServiceStarts() throws Exception {
    InstallerRun.Result result = run.install(Map.of("FAKE_AGENT_FAILS", "prepare: no user or group named 'pcagent' on this host"), run.uri(), run.bundle.sha256());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).endsWith("prepare: no user or group named 'pcagent' on this host\n"
        + "pcluster-agent-postinstall: cannot prepare the agent's folders (pcluster-agent prepare)\n");
    assertThat(Files.readAllLines(run.calls)).noneMatch(call -> call.startsWith("systemctl"));
  }

  @Test
  void onAComputeNodeItDoesNothing() throws Exception {
    Files.writeString(Files.createDirectories(run.root.resolve("etc/parallelcluster")).resolve("cfnconfig"),
        "stack_name=ml-cluster\ncfn_node_type=ComputeFleet\ncfn_cluster_user=ubuntu\n");

    InstallerRun.Result result = run.install(run.uri(), run.bundle.sha256());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).endsWith("pcluster-agent-postinstall: this is a ComputeFleet node, not the head node: nothing to install\n");
    assertThat(run.root.resolve("opt/pcluster-agent")).doesNotExist();
    assertThat(run.calls).doesNotExist();

    Files.writeString(run.root.resolve("etc/parallelcluster/cfnconfig"), "stack_name=ml-cluster\ncfn_node_type=HeadNode\n");
    assertThat(run.install(run.uri(), run.bundle.sha256()).exitCode()).as("on the head node").isZero();
    assertThat(run.root.resolve("opt/pcluster-agent/current/pcluster-agent.jar")).exists();
  }

  @Test
  void aJobUserWithOtherIdsThanTheComputeNodesGetIsAnError() throws Exception {
    Files.writeString(Files.createDirectories(run.dir.resolve("accounts")).resolve("passwd"), "pcagent-jobs:x:998:998::/:/bin/false\n");
    Files.writeString(run.dir.resolve("accounts/group"), "pcagent-jobs:x:2950:\n");

    InstallerRun.Result result = run.install(run.uri(), run.bundle.sha256(), "--expected-nodes=3");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).endsWith("pcluster-agent-job-user: user pcagent-jobs exists with UID 998, not 2950\n"
        + "pcluster-agent-postinstall: cannot create the job user\n");
    assertThat(run.calls).as("neither useradd nor systemctl ran").doesNotExist();
  }

  @Test
  void badInstallerOptionsAreRefused() throws Exception {
    assertThat(run.install(run.uri(), run.bundle.sha256(), "--expected-nodes=many").output())
        .isEqualTo("pcluster-agent-postinstall: --expected-nodes must be a number of nodes, got 'many'\n");
    assertThat(run.install(run.uri(), run.bundle.sha256(), "--job-user=root").output())
        .isEqualTo("pcluster-agent-postinstall: --job-user must be NAME:UID:GID, got 'root'\n");
  }

  @Test
  void aBundleWithAnotherChecksumIsRefusedAndNothingInstalled() throws Exception {
    String wrong = "0".repeat(64);
    InstallerRun.Result result = run.install(run.uri(), wrong);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).isEqualTo("pcluster-agent-postinstall: " + run.uri() + " has sha256 " + run.bundle.sha256() + ", not "
        + wrong + ": refused\n");
    assertThat(run.root.resolve("opt")).doesNotExist();
    assertThat(run.calls).doesNotExist();
  }

  @Test
  void badArgumentsAndAMissingBundle() throws Exception {
    assertThat(run.install(run.uri()).output()).startsWith("pcluster-agent-postinstall: usage: ");
    assertThat(run.install(run.uri(), "ABC").output()).isEqualTo("pcluster-agent-postinstall: SHA256 must be 64 lower-case hex digits, got 'ABC'\n");
    assertThat(run.install(run.uri(), run.bundle.sha256(), "--set", "a=b c").output()).contains("agent option 'a=b c' has spaces");
    InstallerRun.Result missing = run.install("s3://data-bucket/nothing.tar.gz", run.bundle.sha256());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.output()).isEqualTo("fatal error: An error occurred (404) when calling the HeadObject operation: "
        + "Key \"nothing.tar.gz\" does not exist\npcluster-agent-postinstall: cannot fetch s3://data-bucket/nothing.tar.gz\n");
    assertThat(run.install("ftp://x/y", run.bundle.sha256()).output()).contains("BUNDLE_URI must be an s3:// or https:// URI, got 'ftp://x/y'");
  }
}
