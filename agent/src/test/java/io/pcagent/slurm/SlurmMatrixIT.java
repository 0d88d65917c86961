package io.pcagent.slurm;

import io.pcagent.app.InProcessRunner;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.testing.LiveCapture;
import io.pcagent.testing.NodeHistory;
import io.pcagent.testing.RequiresContainerEngine;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SlurmContainer;
import io.pcagent.testing.SlurmContainer.Release;
import io.pcagent.testing.SlurmContainer.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent on each Slurm release the matrix runs (containers/slurm: 22.05, 24.11 and 26.05), reading it with that
 * release's own commands, through what an operator meets on a ParallelCluster GPU queue: idle, mixed and allocated
 * nodes; a job holding GPUs of two types; a drained node with its reason and jobs waiting with theirs; a maintenance
 * reservation; a dynamic node powered up by a job and down again; a node rebooted with `scontrol reboot ASAP
 * nextstate=resume`; sdiag; the smoke test and a job submitted and cancelled over the API. Each step is checked in the
 * agent's /v1 answers and /metrics, and what Slurm printed is kept (LiveCapture). Skipped, saying why, where no
 * container engine answers.
 */
@ExtendWith(RequiresContainerEngine.class)
class SlurmMatrixIT {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  /** Two static GPU nodes and a dynamic one, as a ParallelCluster queue with MinCount 2 and MaxCount 3. */
  private static final Shape SHAPE = new Shape(2, 1, true, Duration.ofSeconds(15), Duration.ofSeconds(8));

  @ParameterizedTest(name = "{0}")
  @EnumSource(Release.class)
  void anOperatorsDayOnAGpuQueue(Release release, @TempDir Path work) throws Exception {
    String only = System.getProperty("pcagent.slurm.releases", "");
    Assumptions.assumeTrue(only.isEmpty() || only.contains(release.version()), "-Dpcagent.slurm.releases=" + only);
    try (SlurmContainer cluster = SlurmContainer.start(REPOSITORY, work, release, SHAPE);
        RunningAgent agent = RunningAgent.start(config(cluster, work))) {
      InProcessRunner runner = InProcessRunner.start(agent.config(), Clock.systemUTC());
      try {
        LiveCapture live = new LiveCapture(cluster, release, work);
        anOperatorsDay(new OperatorsDay(release, cluster, agent, live, work));
        live.publish();
      } finally {
        runner.close();
      }
    }
  }

  private static void anOperatorsDay(OperatorsDay day) throws Exception {
    day.idle();
    long gpuJob = day.gpuJob();
    if (day.release().servesMetrics()) {
      SlurmOwnMetrics.check(day.cluster(), day.agent(), day.work(), OperatorsDay.NODE_1);
    }
    day.drainedNodeAndWaitingJobs();
    day.annotatedDrain();
    try (NodeHistory cloud = new NodeHistory(day.agent(), OperatorsDay.CLOUD_NODE)) {
      day.submit("-w", OperatorsDay.CLOUD_NODE, "-o", day.cluster().shared().resolve("cloud.out").toString(), "--wrap", "nvidia-smi -L");
      day.maintenanceReservation();
      day.rebootAsap(gpuJob);
      day.cloudNodeUpAndDownAgain(cloud);
    }
    day.scheduler();
    day.smokeTest();
    day.apiJobSubmittedAndCancelled();
  }

  private static AgentConfig config(SlurmContainer cluster, Path work) throws Exception {
    Path state = Files.createDirectories(work.resolve("agent"));
    return new AgentConfig(
        new SlurmSettings(cluster.binDir(), Optional.empty(), Duration.ofSeconds(20), 16 * 1024 * 1024),
        HttpConfig.plain("127.0.0.1", 0), RunningAgent.TEST_CADENCE, new HealthConfig(OptionalInt.empty()),
        new RunsConfig(state.resolve("runs.db"), Files.createDirectories(cluster.shared().resolve("runs")), Duration.ofMillis(500)),
        // root: the runner's `runuser -u USER -- sbatch` must reach the container's sbatch through nsenter
        new AuthConfig(state.resolve("token"), false), new JobsConfig("root", 1024 * 1024));
  }
}
