package io.pcagent.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.cli.CliRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BootstrapCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CliRunner.commandLine(new BootstrapCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void versionAndHelp() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("pcluster-bootstrap ");
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Exit codes:");
  }

  @Test
  void initSetShowBuildConfigYamlLikeTheHandsOn(@TempDir Path dir) throws Exception {
    String configDir = dir.toString();
    assertThat(run("init", "--config-dir", configDir, "--cluster-name", "ml-cluster", "--region", "ap-northeast-1",
        "--pcluster-version", "3.13.1")).isZero();
    assertThat(run("set", "--config-dir", configDir, "AZ=ap-northeast-1a", "NUM_INSTANCES=3", "INSTANCE=c5.9xlarge")).isZero();
    assertThat(err.toString()).as("EFA is EC2's to say (instance-types), not a warning of set").isEmpty();
    out.getBuffer().setLength(0);

    assertThat(run("show", "--config-dir", configDir, "--output", "json")).isZero();
    assertThat(out.toString()).contains("\"CLUSTER_NAME\" : \"ml-cluster\"", "\"NUM_INSTANCES\" : \"3\"");
    assertThat(run("init", "--config-dir", configDir, "--cluster-name", "x", "--region", "us-east-1", "--pcluster-version", "3.13.1"))
        .isEqualTo(1);
    assertThat(run("set", "--config-dir", configDir, "NUM_INSTANCES=-1")).isEqualTo(2);
    assertThat(err.toString()).contains("set: NUM_INSTANCES: must be a whole number from 1 to 9999, got '-1'");
    assertThat(Files.readString(dir.resolve("config.yaml"))).contains("NUM_INSTANCES: \"3\"");
  }

  @Test
  void renderNeedsTheAgentsStagedFilesOrNoAgentAndWritesClusterYaml(@TempDir Path dir) throws Exception {
    String configDir = dir.toString();
    assertThat(run("init", "--config-dir", configDir, "--cluster-name", "ml", "--region", "us-east-1", "--pcluster-version", "3.13.1"))
        .isZero();
    assertThat(run("render", "--config-dir", configDir, "--no-agent")).isEqualTo(2);
    assertThat(err.toString()).contains("render: the template uses variables config.yaml does not set: PublicSubnet, SecurityGroup, "
        + "KEYPAIR_NAME, PrimaryPrivateSubnet, INSTANCE, NUM_INSTANCES, FSxORootVolumeId, FSxLustreFilesystemId");
    assertThat(run("render", "--config-dir", configDir)).isEqualTo(2);
    assertThat(err.toString()).contains("render: the agent's action needs --agent-script, --agent-bundle and --agent-sha256");

    Files.writeString(dir.resolve("mine.yaml"), "Region: ${AWS_REGION}\nHeadNode:\n  InstanceType: t3.micro\n");
    assertThat(run("render", "--config-dir", configDir, "--template", dir.resolve("mine.yaml").toString(), "--no-agent")).isZero();
    assertThat(Files.readString(dir.resolve("cluster.yaml"))).isEqualTo("Region: us-east-1\nHeadNode:\n  InstanceType: t3.micro\n");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    assertThat(run("create-cluster")).isEqualTo(2);
    assertThat(err.toString()).startsWith("pcluster-bootstrap: Unmatched argument at index 0: 'create-cluster'\n");
  }

  @Test
  void aCommandGroupAloneNamesItsSubcommands() {
    assertThat(run("prereqs")).isEqualTo(2);
    assertThat(err.toString()).contains("prereqs: a subcommand is required: create, status or delete\n");
    assertThat(run("dra")).isEqualTo(2);
    assertThat(err.toString()).contains("dra: a subcommand is required: create or status\n");
    assertThat(run("bucket")).isEqualTo(2);
    assertThat(err.toString()).contains("bucket: a subcommand is required: create\n");
  }
}
