package io.pcagent.bootstrap.pcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.bootstrap.cli.BootstrapCommand;
import io.pcagent.cli.CliRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** create, wait, status and delete against a stand-in pcluster that speaks the real CLI's JSON (see its header). */
class ClusterCommandsTest {
  @TempDir Path dir;
  private Path pcluster;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void setUp() throws Exception {
    pcluster = StandInPcluster.install(dir);
    assertThat(run("init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1")).isZero();
    Files.writeString(dir.resolve("cluster.yaml"), "Region: ap-northeast-1\n");
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = CliRunner.commandLine(new BootstrapCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + (args[0].equals("init") ? 2 : 6)];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config-dir";
    all[args.length + 1] = dir.toString();
    if (!args[0].equals("init")) {
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

    assertThat(run("wait")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("ml-cluster: CREATE_IN_PROGRESS\n", "ml-cluster: CREATE_COMPLETE\n")
        .endsWith("ml-cluster: CREATE_COMPLETE (stack CREATE_COMPLETE)\n");

    assertThat(run("status")).isZero();
    assertThat(out.toString()).isEqualTo("ml-cluster: CREATE_COMPLETE (stack CREATE_COMPLETE)\n");

    assertThat(run("delete")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("ml-cluster: DELETE_IN_PROGRESS\n", "ml-cluster: gone\n").endsWith("ml-cluster deleted\n");
    assertThat(run("delete")).as("deleting what is gone succeeds").isZero();
    assertThat(run("status")).isEqualTo(1);
    assertThat(err.toString()).contains("status: cluster ml-cluster does not exist");
    assertThat(Files.readString(dir.resolve("bin/state/calls"))).startsWith(
        "create-cluster ml-cluster ap-northeast-1\ndescribe-cluster ml-cluster ap-northeast-1\n");
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
