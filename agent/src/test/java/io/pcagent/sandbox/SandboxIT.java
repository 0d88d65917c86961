package io.pcagent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class SandboxIT {
  private static final String STATIC_NODES = "compute-gpu-st-distributed-ml-[1-3]";

  @Test
  void srunRunsTwoRanksOnEachOfThreeNodes(SandboxCluster cluster) throws Exception {
    String out = cluster.slurm(Duration.ofSeconds(60), "srun", "-N3", "--ntasks-per-node=2", "--nodelist=" + STATIC_NODES,
        "bash", "-c", "echo \"$SLURMD_NODENAME $SLURM_PROCID\"").stdout();

    List<String[]> lines = out.lines().map(line -> line.split(" ")).toList();
    Set<String> nodes = new TreeSet<>(lines.stream().map(fields -> fields[0]).toList());
    Set<String> ranks = new TreeSet<>(lines.stream().map(fields -> fields[1]).toList());
    assertThat(nodes).containsExactly(
        "compute-gpu-st-distributed-ml-1", "compute-gpu-st-distributed-ml-2", "compute-gpu-st-distributed-ml-3");
    assertThat(ranks).containsExactly("0", "1", "2", "3", "4", "5");
    assertThat(lines).hasSize(6);
  }

  @Test
  void sbatchRunsABatchJobToCompletion(SandboxCluster cluster) throws Exception {
    String jobId = cluster.slurm(Duration.ofSeconds(30), "sbatch", "--parsable", "--wait", "-N2",
        "--nodelist=compute-gpu-st-distributed-ml-[1-2]", "-o", "/dev/null", "--wrap",
        cluster.slurmBinDir().resolve("srun") + " hostname").stdout().strip();

    assertThat(jobId).matches("\\d+");
    String state = cluster.slurm(Duration.ofSeconds(10), "scontrol", "show", "job", jobId, "-o").stdout();
    assertThat(state).contains("JobState=COMPLETED", "ExitCode=0:0");
  }

  @Test
  void aSecondUpInTheSameFolderIsRefusedAndTheClusterKeepsRunning(SandboxCluster cluster) throws Exception {
    SandboxSpec again = new SandboxSpec(cluster.spec().dir(), 3, 0, Duration.ofSeconds(60), Duration.ofSeconds(30));

    assertThatThrownBy(() -> cluster.sandbox().up(again))
        .isInstanceOfSatisfying(PcagentException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.FAILURE);
          assertThat(e.getMessage())
              .startsWith("a sandbox is already running in " + cluster.spec().dir() + " (")
              .endsWith("); stop it first with: pcluster-agent sandbox down --dir " + cluster.spec().dir());
        });
    assertThat(cluster.sandbox().status(cluster.spec().dir()).complete()).isTrue();
  }

  @Test
  void dynamicNodesPowerUpForAJobAndPowerDownWhenIdle(SandboxCluster cluster) throws Exception {
    String node = "compute-gpu-dy-distributed-ml-2";
    awaitState(cluster, node, "idle~", Duration.ofSeconds(90));

    String out = cluster.slurm(Duration.ofSeconds(120), "srun", "-N1", "--nodelist=" + node, "bash", "-c",
        "echo \"$SLURMD_NODENAME\"").stdout();

    assertThat(out).isEqualTo(node + "\n");
    awaitState(cluster, node, "idle~", SandboxCluster.SUSPEND_TIME.plusSeconds(60));
  }

  private static void awaitState(SandboxCluster cluster, String node, String state, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      seen = cluster.slurm(Duration.ofSeconds(10), "sinfo", "-h", "-N", "-n", node, "-o", "%t").stdout().strip();
      if (Arrays.asList(seen.split("\n")).contains(state)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(node + " not " + state + " within " + timeout + "; last seen: " + seen);
  }
}
