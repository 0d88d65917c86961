package io.pcagent.bootstrap.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.bootstrap.BootstrapRun;
import io.pcagent.bootstrap.pcluster.StandInPcluster;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.FakeSsm.Outcome;
import io.pcagent.testing.aws.TestCredentials;
import io.pcagent.text.ClasspathText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate: the head node from the stand-in pcluster, the agent run there through the fake SSM (JSON 1.1). */
class RemoteValidateTest {
  private static final String HEAD_NODE = "i-0a1b2c3d4e5f60718";
  private static final String PASS = "{\"verdict\" : \"pass\", \"mode\" : \"agent\", \"checks\" : [ {\"name\" : \"smoke-test\", "
      + "\"status\" : \"pass\", \"detail\" : \"3 of 3 nodes passed\"} ], \"nodes\" : [ ]}\n";
  @TempDir Path dir;
  private FakeAws aws;
  private Path pcluster;

  @BeforeEach
  void setUp() throws Exception {
    TestCredentials.present();
    aws = new FakeAws();
    pcluster = StandInPcluster.install(dir);
    assertThat(run("init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1").exitCode()).isZero();
    Files.writeString(dir.resolve("cluster.yaml"), "Region: ap-northeast-1\n");
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private BootstrapRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config-dir", dir.toString()));
    if (!args[0].equals("init")) {
      all.addAll(List.of("--pcluster", pcluster.toString(), "--poll-seconds", "0"));
    }
    if (args[0].equals("validate")) {
      all.addAll(List.of("--endpoint-url", aws.endpoint().toString()));
    }
    return BootstrapRun.of(all.toArray(String[]::new));
  }

  private void clusterCreated() {
    assertThat(run("create").exitCode()).isZero();
    assertThat(run("wait").exitCode()).isZero();
  }

  @Test
  void aPassingValidationOnTheHeadNodeExitsZero() {
    clusterCreated();
    aws.ssm.instance(HEAD_NODE, new Outcome("Success", 0, PASS, ""));
    BootstrapRun passed = run("validate");
    assertThat(passed.exitCode()).as(passed.toString()).isZero();
    assertThat(passed.out()).isEqualTo("Validation on " + HEAD_NODE + ": PASS\n  pass     smoke-test         3 of 3 nodes passed\n");
    assertThat(aws.ssm.commands()).containsExactly(List.of("/opt/pcluster-agent/bin/pcluster-agent validate --output json"));
    assertThat(aws.operations()).containsExactly("SendCommand", "GetCommandInvocation", "GetCommandInvocation", "GetCommandInvocation");
    assertThat(aws.calls()).allSatisfy(c -> assertThat(c.service()).isEqualTo("ssm"));
  }

  @Test
  void theStaticNodesOfTheRenderedClusterAreTheCountTheAgentChecks() throws Exception {
    Files.writeString(dir.resolve("cluster.yaml"), "Region: ap-northeast-1\nScheduling:\n  SlurmQueues:\n"
        + "    - Name: compute-gpu\n      ComputeResources:\n        - Name: distributed-ml\n          MinCount: 3\n"
        + "          MaxCount: 8\n");
    clusterCreated();
    aws.ssm.instance(HEAD_NODE, new Outcome("Success", 0, PASS, ""));

    assertThat(run("validate").exitCode()).isZero();
    assertThat(aws.ssm.commands()).containsExactly(
        List.of("/opt/pcluster-agent/bin/pcluster-agent validate --output json --expect-nodes 3"));
  }

  @Test
  void aFailingValidationExitsOneWithTheNodesThatFailed() {
    clusterCreated();
    String report = ClasspathText.read(RemoteValidateTest.class, "RemoteValidateTest/fail.json");
    aws.ssm.instance(HEAD_NODE, new Outcome("Failed", 1, report, ""));
    BootstrapRun failed = run("validate");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out()).startsWith("Validation on " + HEAD_NODE + ": FAIL\n")
        .contains("  fail     smoke-test         2 of 3 nodes passed\n",
            "  fail     compute-gpu-st-distributed-ml-3          token written on compute-gpu-st-distributed-ml-1 not visible in /fsx\n");
    BootstrapRun json = run("validate", "--output", "json");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(json.out()).isEqualTo(report);
  }

  @Test
  void anAgentThatCouldNotJudgeExitsThreeWithItsError() {
    aws.ssm.instance("i-0fedcba9876543210", new Outcome("Failed", 127, "",
        "/var/lib/amazon/ssm/i-0fedcba9876543210/document/orchestration/x/_script.sh: line 1: /opt/pcluster-agent/bin/pcluster-agent: "
            + "No such file or directory\nfailed to run commands: exit status 127"));
    BootstrapRun run = run("validate", "--instance-id", "i-0fedcba9876543210");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("\nvalidate: the command on i-0fedcba9876543210 ended Failed (exit 127): ")
        .contains("/opt/pcluster-agent/bin/pcluster-agent: No such file or directory");
  }

  @Test
  void noHeadNodeYetAndAnUnknownInstance() {
    BootstrapRun missing = run("validate");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("validate: cluster ml-cluster does not exist\n");
    BootstrapRun unknown = run("validate", "--instance-id", "i-0123456789abcdef0");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("validate: SendCommand: InvalidInstanceId: Instances [[i-0123456789abcdef0]] not in a "
        + "valid state for account 123456789012\n");
  }

  @Test
  void argumentsAreQuotedForTheShell() {
    assertThat(RemoteCommand.quote("/opt/pcluster-agent/bin/pcluster-agent")).isEqualTo("/opt/pcluster-agent/bin/pcluster-agent");
    assertThat(RemoteCommand.quote("it's; rm -rf /")).isEqualTo("'it'\\''s; rm -rf /'");
  }
}
