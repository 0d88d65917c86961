package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.CommandRunner;
import io.pcagent.smoke.NodeResult;
import io.pcagent.smoke.SmokeResult;
import io.pcagent.smoke.SmokeTestRequest;
import io.pcagent.smoke.SmokeTests;
import io.pcagent.testing.RequiresContainerEngine;
import io.pcagent.testing.SlurmContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's Slurm layer, this host's Slurm commands, against a cluster that runs in a container built from
 * containers/slurm/Dockerfile and started with Testcontainers: slurmctld and slurmd are on another machine, as
 * on a head node whose compute nodes are other instances. Skipped, saying why, where no Docker engine answers.
 */
@ExtendWith(RequiresContainerEngine.class)
class SlurmContainerIT {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Path SLURM_BIN = Path.of("/usr/bin");
  private static final String PARTITION = "compute-gpu";

  @TempDir
  static Path work;

  private static SlurmContainer cluster;
  private static SlurmClient slurm;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = SlurmContainer.start(REPOSITORY, work);
    slurm = new SlurmClient(new CommandRunner(),
        new SlurmSettings(SLURM_BIN, Optional.of(cluster.slurmConf()), Duration.ofSeconds(20), 1 << 20));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void readsTheContainersNodesAndPartitionWithTheAgentsParsers() throws Exception {
    Parsed<Node> nodes = slurm.nodes();

    assertThat(nodes.problems()).isEmpty();
    assertThat(nodes.records()).extracting(Node::name).containsExactlyElementsOf(SlurmContainer.nodeNames());
    for (Node node : nodes.records()) {
      assertThat(node.state().base()).as("%s", node).isEqualTo("IDLE");
      assertThat(node.partitions()).containsExactly(PARTITION);
      assertThat(node.cpusTotal()).isEqualTo(2);
      assertThat(node.memoryTotalMb()).isEqualTo(2048);
      assertThat(node.address()).contains("127.0.0.1");
      assertThat(node.version()).contains("22.05.8");
    }
    Parsed<Partition> partitions = slurm.partitions();
    assertThat(partitions.problems()).isEmpty();
    assertThat(partitions.records()).singleElement().satisfies(partition -> {
      assertThat(partition.name()).isEqualTo(PARTITION);
      assertThat(partition.state()).isEqualTo("UP");
      assertThat(partition.totalNodes()).isEqualTo(SlurmContainer.NODES);
      assertThat(partition.isDefault()).isTrue();
    });
  }

  @Test
  void readsTheContainersControllerLoadFromSdiag() throws Exception {
    SchedulerStats before = slurm.scheduler();
    slurm.nodes();
    SchedulerStats after = slurm.scheduler();

    assertThat(after.serverThreads()).isPositive();
    assertThat(after.rpcCounts().get("REQUEST_NODE_INFO")).as("%s", after.rpcCounts())
        .isGreaterThan(before.rpcCounts().getOrDefault("REQUEST_NODE_INFO", 0L));
  }

  @Test
  void theSmokeTestSubmittedFromThisHostPassesOnEveryNodeOfTheContainer() throws Exception {
    SmokeTests smokeTests = new SmokeTests(slurm, Files.createDirectories(cluster.shared().resolve("runs")));
    SmokeTestRequest request = new SmokeTestRequest(List.of(), List.of(), 2, 120, List.of(cluster.shared().toString()), false, null);

    SmokeResult result = smokeTests.runToEnd("container-it", request, Duration.ofMillis(500));

    assertThat(result.verdict()).as("%s\n%s", result, cluster.logs()).isEqualTo("pass");
    assertThat(result.jobState()).isEqualTo("COMPLETED");
    assertThat(result.nodes()).extracting(NodeResult::node).containsExactlyInAnyOrderElementsOf(SlurmContainer.nodeNames());
    assertThat(result.nodes()).extracting(NodeResult::detail).containsOnly("2 of 2 tasks passed every check");
    assertThat(slurm.jobState(result.jobId())).contains("COMPLETED");
  }

  @Test
  void aJobIsReadWhileItRunsAndCancelledFromThisHost() throws Exception {
    Path output = cluster.shared().resolve("sleeper-%j.out");
    long jobId = Long.parseLong(slurm.run("sbatch", "--parsable", "--job-name=container-it-sleeper", "--nodes=2",
        "--output=" + output, "--wrap=srun sleep 300").strip());
    try {
      Job running = awaitJob(jobId, "RUNNING");
      assertThat(running.partition()).isEqualTo(PARTITION);
      assertThat(running.nodeCount()).isEqualTo(2);
      assertThat(running.user()).isEqualTo("root");
      assertThat(slurm.findJobByName("container-it-sleeper")).contains(jobId);
    } finally {
      slurm.cancel(jobId);
    }
    assertThat(awaitJob(jobId, "CANCELLED").endTime()).isPresent();
  }

  @Test
  void aNodeDrainedFromThisHostIsReadWithItsReason() throws Exception {
    String node = SlurmContainer.nodeNames().get(2);
    slurm.run("scontrol", "update", "nodename=" + node, "state=drain", "reason=container IT");
    try {
      Node drained = slurm.nodes().records().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow();
      assertThat(drained.state().has("DRAIN")).as("%s", drained.state()).isTrue();
      assertThat(drained.reason()).hasValueSatisfying(reason -> assertThat(reason.text()).isEqualTo("container IT"));
    } finally {
      slurm.run("scontrol", "update", "nodename=" + node, "state=resume");
    }
  }

  private static Job awaitJob(long jobId, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Optional<Job> job = Optional.empty();
    while (System.nanoTime() < deadline) {
      job = slurm.jobs().records().stream().filter(j -> j.jobId() == jobId).findFirst();
      if (job.isPresent() && job.get().state().equals(state)) {
        return job.get();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("job " + jobId + " not " + state + " within 60 s: " + job + "\n" + cluster.logs());
  }
}
