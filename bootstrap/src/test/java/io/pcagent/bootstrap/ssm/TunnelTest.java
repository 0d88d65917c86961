package io.pcagent.bootstrap.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.bootstrap.BootstrapRun;
import io.pcagent.bootstrap.pcluster.StandInPcluster;
import io.pcagent.text.ClasspathText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tunnel: the head node from the stand-in pcluster, the session by a stand-in aws that takes the real CLI's arguments. */
class TunnelTest {
  private static final String HEAD_NODE = "i-0a1b2c3d4e5f60718";
  private static final String PARAMETERS = "{\"portNumber\":[\"9810\"],\"localPortNumber\":[\"9810\"]}";
  @TempDir Path dir;
  private Path pcluster;
  private Path aws;

  @BeforeEach
  void setUp() throws Exception {
    pcluster = StandInPcluster.install(dir);
    aws = dir.resolve("bin").resolve("aws");
    Files.writeString(aws, ClasspathText.read(TunnelTest.class, "TunnelTest/aws"));
    Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(run("init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1").exitCode()).isZero();
    Files.writeString(dir.resolve("cluster.yaml"), "Region: ap-northeast-1\n");
  }

  private BootstrapRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config-dir", dir.toString()));
    if (!args[0].equals("init")) {
      all.addAll(List.of("--pcluster", pcluster.toString(), "--poll-seconds", "0"));
    }
    return BootstrapRun.of(all.toArray(String[]::new));
  }

  private void clusterCreated() {
    assertThat(run("create").exitCode()).isZero();
    assertThat(run("wait").exitCode()).isZero();
  }

  private List<String> calls() throws Exception {
    return List.of(Files.readString(dir.resolve("bin").resolve("aws.calls")).split("\n\n"));
  }

  @Test
  void printShowsTheSessionCommandForTheHeadNodeQuotedForAShell() throws Exception {
    clusterCreated();

    BootstrapRun printed = run("tunnel", "--print");
    assertThat(printed.exitCode()).as(printed.toString()).isZero();
    assertThat(printed.out()).isEqualTo("aws ssm start-session --region ap-northeast-1 --target " + HEAD_NODE
        + " --document-name AWS-StartPortForwardingSession --parameters '" + PARAMETERS + "'\n");

    BootstrapRun json = run("tunnel", "--print", "--output", "json", "--local-port", "19810", "--endpoint-url", "http://127.0.0.1:4566");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode result = new ObjectMapper().readTree(json.out());
    assertThat(result.get("instanceId").asText()).isEqualTo(HEAD_NODE);
    assertThat(result.get("localPort").asInt()).isEqualTo(19810);
    assertThat(result.get("argv").toString()).isEqualTo("[\"aws\",\"ssm\",\"start-session\",\"--region\",\"ap-northeast-1\",\"--target\",\""
        + HEAD_NODE + "\",\"--document-name\",\"AWS-StartPortForwardingSession\",\"--parameters\","
        + "\"{\\\"portNumber\\\":[\\\"9810\\\"],\\\"localPortNumber\\\":[\\\"19810\\\"]}\",\"--endpoint-url\",\"http://127.0.0.1:4566\"]");
  }

  @Test
  void theSessionRunsUntilTheAwsCliEndsIt() throws Exception {
    clusterCreated();

    BootstrapRun session = run("tunnel", "--aws-cli", aws.toString());
    assertThat(session.exitCode()).as(session.toString()).isZero();
    assertThat(session.err()).isEqualTo("forwarding localhost:9810 to port 9810 of " + HEAD_NODE
        + " (cluster ml-cluster) through SSM until Ctrl-C; then: curl -s localhost:9810/v1/health\n");
    assertThat(calls()).containsExactly(String.join("\n", "ssm", "start-session", "--region", "ap-northeast-1", "--target", HEAD_NODE,
        "--document-name", "AWS-StartPortForwardingSession", "--parameters", PARAMETERS));
    assertThat(Files.readString(dir.resolve("bin").resolve("aws.session"))).contains("Port 9810 opened for sessionId ");
  }

  @Test
  void aSessionThatCannotStartIsAFailureThatSaysWhy() throws Exception {
    BootstrapRun notConnected = run("tunnel", "--aws-cli", aws.toString(), "--instance-id", "i-00000000000000000");
    assertThat(notConnected.exitCode()).isEqualTo(1);
    assertThat(notConnected.err()).contains("aws ssm start-session exited 254 (its message is above; TargetNotConnected: "
        + "the head node's SSM agent is not registered yet)");

    BootstrapRun noCli = run("tunnel", "--aws-cli", dir.resolve("nowhere/aws").toString(), "--instance-id", HEAD_NODE);
    assertThat(noCli.exitCode()).isEqualTo(1);
    assertThat(noCli.err()).contains("cannot run " + dir.resolve("nowhere/aws") + " (--aws-cli): ",
        "; the tunnel needs the AWS CLI v2 and its Session Manager plugin (session-manager-plugin) on this machine");
  }

  @Test
  void noClusterBadPortsAndDryRun() throws Exception {
    BootstrapRun noCluster = run("tunnel", "--aws-cli", aws.toString());
    assertThat(noCluster.exitCode()).isEqualTo(1);
    assertThat(noCluster.err()).contains("cluster ml-cluster does not exist");

    BootstrapRun badPort = run("tunnel", "--local-port", "70000");
    assertThat(badPort.exitCode()).isEqualTo(2);
    assertThat(badPort.err()).contains("--local-port and --remote-port must be from 1 to 65535, got 70000");

    BootstrapRun dryRun = run("tunnel", "--dry-run", "--aws-cli", aws.toString());
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).startsWith("would run: " + pcluster + " describe-cluster")
        .contains("would run: " + aws + " ssm start-session --region ap-northeast-1 --target <head node instance id> ");
    assertThat(dir.resolve("bin").resolve("aws.calls")).doesNotExist();
  }
}
