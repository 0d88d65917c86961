package io.pcagent.bootstrap.pcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.bootstrap.cli.BootstrapCommand;
import io.pcagent.cli.CliRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.pcagent.bootstrap.render.CreatedHeadNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** create, wait, status and delete against a stand-in pcluster that speaks the real CLI's JSON (see its header). */
class ClusterCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Path pcluster;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void setUp() throws Exception {
    pcluster = StandInPcluster.install(dir);
    assertThat(run("init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1")).isZero();
    Files.writeString(dir.resolve("cluster.yaml"), "Region: ap-northeast-1\nHeadNode:\n  CustomActions:\n"
        + "    OnNodeConfigured:\n      Script: s3://b/install.sh\n    OnNodeUpdated:\n      Script: s3://b/update.sh\n");
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = CliRunner.commandLine(new BootstrapCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    boolean settings = args[0].equals("init") || args[0].equals("set");
    String[] all = new String[args.length + (settings ? 2 : 6)];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config-dir";
    all[args.length + 1] = dir.toString();
    if (!settings) {
      all[args.length + 2] = "--pcluster";
      all[args.length + 3] = pcluster.toString();
      all[args.length + 4] = "--poll-seconds";
      all[args.length + 5] = "0";
    }
    return commandLine.execute(all);
  }

  @Test
  void createWaitStatusDelete() throws Exception {
    assertThat(run("create")).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("ml-cluster: CREATE_IN_PROGRESS (stack CREATE_IN_PROGRESS)\n");
    assertThat(Files.readString(dir.resolve(CreatedHeadNode.NAME))).as("what update-cluster cannot change, for render")
        .endsWith("\nOnNodeConfigured:\n  Script: \"s3://b/install.sh\"\n");

    assertThat(run("wait")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("ml-cluster: CREATE_IN_PROGRESS\n", "ml-cluster: CREATE_COMPLETE\n")
        .endsWith("ml-cluster: CREATE_COMPLETE (stack CREATE_COMPLETE)\n");

    assertThat(run("status")).isZero();
    assertThat(out.toString()).isEqualTo("ml-cluster: CREATE_COMPLETE (stack CREATE_COMPLETE)\n");

    assertThat(run("delete")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("ml-cluster: DELETE_IN_PROGRESS\n", "ml-cluster: gone\n").endsWith("ml-cluster deleted\n");
    assertThat(dir.resolve(CreatedHeadNode.NAME)).as("a deleted cluster has no frozen actions").doesNotExist();
    assertThat(run("delete")).as("deleting what is gone succeeds").isZero();
    assertThat(run("status")).isEqualTo(1);
    assertThat(err.toString()).contains("status: cluster ml-cluster does not exist");
    assertThat(Files.readString(dir.resolve("bin/state/calls"))).startsWith(
        "create-cluster ml-cluster ap-northeast-1\ndescribe-cluster ml-cluster ap-northeast-1\n");
  }

  @Test
  void withOutputJsonStdoutIsOneJsonObjectPerCommandAndProgressGoesToStderr() throws Exception {
    assertThat(run("create", "--output", "json")).as(err.toString()).isZero();
    JsonNode created = JSON.readTree(out.toString());
    assertThat(created.get("cluster").asText()).isEqualTo("ml-cluster");
    assertThat(created.get("clusterStatus").asText()).isEqualTo("CREATE_IN_PROGRESS");

    assertThat(run("wait", "--output", "json")).as(err.toString()).isZero();
    JsonNode waited = JSON.readTree(out.toString());
    assertThat(waited.get("clusterStatus").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(waited.get("stackStatus").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(waited.get("failures")).isEmpty();
    assertThat(err.toString()).contains("waiting for ml-cluster", "ml-cluster: CREATE_COMPLETE\n");

    assertThat(run("status", "--output", "json")).isZero();
    assertThat(JSON.readTree(out.toString()).get("headNodeInstanceId").asText()).startsWith("i-");

    assertThat(run("delete", "--output", "json")).as(err.toString()).isZero();
    JsonNode deleted = JSON.readTree(out.toString());
    assertThat(deleted.get("cluster").asText()).isEqualTo("ml-cluster");
    assertThat(deleted.get("deleted").asBoolean()).isTrue();
    assertThat(err.toString()).contains("ml-cluster: gone");

    assertThat(run("create", "--output", "json", "--dry-run")).isZero();
    JsonNode dryRun = JSON.readTree(out.toString());
    assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
    assertThat(dryRun.at("/actions/0/run/1").asText()).isEqualTo("create-cluster");
  }

  @Test
  void theInstalledPclusterMustBeTheConfiguredVersion() throws Exception {
    assertThat(run("pcluster-version", "--output", "json")).as(err.toString()).isZero();
    assertThat(JSON.readTree(out.toString()).get("installed").asText()).isEqualTo("3.13.1");

    assertThat(run("set", "PCLUSTER_VERSION=3.12.0")).isZero();
    assertThat(run("pcluster-version")).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("installed: 3.13.1\nconfigured: 3.12.0\n");
    assertThat(err.toString()).contains("pcluster 3.13.1 is installed, but PCLUSTER_VERSION is 3.12.0: pip install aws-parallelcluster==3.12.0");
  }

  @Test
  void aFailedCreationInJsonHasItsFailuresAndWhereTheLogsAre() throws Exception {
    Files.createDirectories(dir.resolve("bin/state"));
    Files.writeString(dir.resolve("bin/state/outcome"), "failed\n");
    assertThat(run("create")).isZero();

    assertThat(run("wait", "--output", "json")).isEqualTo(1);
    JsonNode failed = JSON.readTree(out.toString());
    assertThat(failed.get("clusterStatus").asText()).isEqualTo("CREATE_FAILED");
    assertThat(failed.get("failures").get(0).get("code").asText()).isEqualTo("HeadNodeBootstrapFailure");
    assertThat(failed.get("logs").asText()).startsWith("CloudWatch log group /aws/parallelcluster/ml-cluster-<creation time>");
  }

  @Test
  void aFailedCreationPrintsItsFailuresAndWhereTheLogsAre() throws Exception {
    Files.createDirectories(dir.resolve("bin/state"));
    Files.writeString(dir.resolve("bin/state/outcome"), "failed\n");
    assertThat(run("create")).isZero();

    assertThat(run("wait")).isEqualTo(1);
    assertThat(out.toString())
        .contains("ml-cluster: CREATE_FAILED (stack CREATE_FAILED)\n",
            "  failure HeadNodeBootstrapFailure: Cluster creation timed out while waiting for the head node.\n",
            "logs: CloudWatch log group /aws/parallelcluster/ml-cluster-<creation time>");
  }

  @Test
  void createNeedsARenderedClusterAndDryRunRunsNothing() throws Exception {
    assertThat(run("create", "--dry-run")).isZero();
    assertThat(out.toString()).startsWith("would run: " + pcluster + " create-cluster --cluster-name ml-cluster");
    assertThat(dir.resolve("bin/state/calls")).doesNotExist();
    assertThat(dir.resolve(CreatedHeadNode.NAME)).doesNotExist();

    Files.delete(dir.resolve("cluster.yaml"));
    assertThat(run("create")).isEqualTo(2);
    assertThat(err.toString()).contains("cluster.yaml does not exist: write it with pcluster-bootstrap render");
  }

  @Test
  void aMissingPclusterIsUnreachable() throws Exception {
    Files.delete(pcluster);

    assertThat(run("status")).isEqualTo(3);
    assertThat(err.toString()).contains("status: pcluster describe-cluster: ").contains("could not start");
  }
}
