package io.pcagent.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** F2: the runner as its own process, killed with SIGKILL mid-work and started again: nothing lost, nothing twice. */
@ExtendWith(SandboxExtension.class)
class RunnerIT {
  /** The runner's store and logs: the head node's own disk. */
  private static final Path BASE = Path.of("target", "it-runner").toAbsolutePath();

  @Test
  void killNineMidWorkThenRestartFinishesEveryRunOnce(SandboxCluster cluster) throws Exception {
    String parameters = "{\"partitions\":[],\"nodes\":[],\"tasksPerNode\":1,\"timeoutSeconds\":120,"
        + "\"sharedDirs\":[\"" + cluster.layout().sharedFsx() + "\"],\"includePoweredDown\":false}";
    killMidWorkAndRestart(cluster, RunKind.SMOKE_TEST, parameters, 10, 3, "pcagent-smoke-");
  }

  /** F2 of docs/reliability.md: twenty batch jobs in flight (submitted, queued or running in Slurm) when the runner dies. */
  @Test
  void killNineWithTwentyJobsInFlightLosesNoneAndSubmitsNoneTwice(SandboxCluster cluster) throws Exception {
    String parameters = "{\"script\":\"#!/bin/bash\\nsleep 2\\necho done\\n\",\"name\":\"f2\",\"partition\":null,\"nodes\":1,"
        + "\"ntasksPerNode\":1,\"timeLimit\":null,\"env\":{}}";
    killMidWorkAndRestart(cluster, RunKind.JOB, parameters, 20, 20, "pcagent-job-");
  }

  /**
   * Queues {@code count} runs, starts the runner, kills it with SIGKILL once {@code submittedAtKill} of them have a Slurm
   * job (and not all are final), starts it again, and checks that every run succeeded with exactly one Slurm job.
   */
  private static void killMidWorkAndRestart(SandboxCluster cluster, RunKind kind, String parameters, int count, int submittedAtKill,
      String jobNamePrefix) throws Exception {
    Files.createDirectories(BASE);
    Path storeFile = BASE.resolve("runs-" + System.nanoTime() + ".db");
    List<String> ids = new ArrayList<>();
    try (RunStore agent = RunStore.open(storeFile, Clock.systemUTC())) {
      for (int i = 0; i < count; i++) {
        ids.add(agent.insert(kind, parameters).id());
      }

      Process first = startRunner(cluster, storeFile, kind.label() + "-first");
      await(agent, ids, runs -> runs.stream().filter(r -> r.slurmJobId().isPresent()).count() >= submittedAtKill, Duration.ofSeconds(90));
      first.destroyForcibly().waitFor();
      assertThat(agent.integrityCheck()).isEqualTo("ok");
      long finalBefore = runs(agent, ids).stream().filter(r -> r.state().isFinal()).count();
      assertThat(finalBefore).as("the kill came mid-work").isLessThan(count);

      Process second = startRunner(cluster, storeFile, kind.label() + "-second");
      try {
        await(agent, ids, runs -> runs.stream().allMatch(r -> r.state().isFinal()), Duration.ofSeconds(240));
      } finally {
        second.destroyForcibly().waitFor();
      }

      List<Run> done = runs(agent, ids);
      assertThat(done).hasSize(count).allSatisfy(run -> assertThat(run.state()).as("%s", run).isEqualTo(RunState.SUCCEEDED));
      assertThat(done.stream().map(r -> r.slurmJobId().getAsLong()).toList()).doesNotHaveDuplicates();
      for (Run run : done) {
        String jobs = cluster.slurm(Duration.ofSeconds(10), "squeue", "--noheader", "--states=all",
            "--name=" + jobNamePrefix + run.id(), "--format=%A").stdout();
        assertThat(jobs.lines().count()).as("Slurm jobs of run %s", run.id()).isEqualTo(1);
      }
      assertThat(agent.integrityCheck()).isEqualTo("ok");
    }
  }

  private static Process startRunner(SandboxCluster cluster, Path store, String name) throws Exception {
    List<String> argv = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.pcagent.cli.AgentMain", "runner",
        "--set", "slurm.binDir=" + cluster.slurmBinDir(),
        "--set", "slurm.conf=" + cluster.environment().get("SLURM_CONF"),
        "--set", "runs.store=" + store,
        "--set", "runs.dir=" + cluster.runsDir().resolve("runner-it"),
        "--set", "runs.poll=300ms",
        "--set", "jobs.user=" + cluster.spec().jobUser());
    File log = BASE.resolve("runner-" + name + ".log").toFile();
    return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log).start();
  }

  private static List<Run> runs(RunStore store, List<String> ids) throws SQLException {
    List<Run> runs = new ArrayList<>();
    for (String id : ids) {
      runs.add(store.find(id).orElseThrow());
    }
    return runs;
  }

  private static void await(RunStore store, List<String> ids, Predicate<List<Run>> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Run> runs = runs(store, ids);
    while (!condition.test(runs)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("runs not there within " + timeout + ": " + runs);
      }
      Thread.sleep(200);
      runs = runs(store, ids);
    }
  }
}
