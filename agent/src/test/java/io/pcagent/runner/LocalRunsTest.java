package io.pcagent.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.CommandRunner;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.slurm.SlurmSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the runner does itself, through the real runner and a real SQLite store; the handler is this test's own (the
 * interface is ours), so that it can hold runs open and count what ran at once.
 */
class LocalRunsTest {
  @TempDir Path dir;

  /** Holds every run until released; remembers what ran, how many at once, and what was abandoned. */
  static final class HeldRuns implements LocalRunHandler {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Set<String> started = ConcurrentHashMap.newKeySet();
    final Set<String> abandoned = ConcurrentHashMap.newKeySet();

    @Override
    public RunHandler.Outcome run(Run run, Consumer<String> progress) throws InterruptedException {
      started.add(run.id());
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        progress.accept("[INFO] started " + run.id());
        release.await();
        return new RunHandler.Outcome(RunState.SUCCEEDED, "done", "{}");
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public void abandon(Run run) {
      abandoned.add(run.id());
    }

    @Override
    public int concurrency() {
      return 2;
    }
  }

  private Runner runner(RunStore store, HeldRuns handler, String owner) {
    SlurmClient slurm = new SlurmClient(new CommandRunner(),
        new SlurmSettings(dir.resolve("no-slurm"), Optional.empty(), Duration.ofSeconds(5), 4096));
    return new Runner(store, slurm, Map.of(), new LocalRuns(store, Map.of(RunKind.IMAGE_IMPORT, handler)), Clock.systemUTC(), owner);
  }

  private RunStore open() throws SQLException {
    return RunStore.open(dir.resolve("runs.db"), Clock.systemUTC());
  }

  @Test
  void runsAtMostItsConcurrencyAtOnceAndTheRestWaitQueued() throws Exception {
    HeldRuns handler = new HeldRuns();
    try (RunStore store = open(); Runner runner = runner(store, handler, "r")) {
      List<Run> runs = List.of(store.insert(RunKind.IMAGE_IMPORT, "{}"), store.insert(RunKind.IMAGE_IMPORT, "{}"),
          store.insert(RunKind.IMAGE_IMPORT, "{}"));
      runner.tick();
      awaitStarted(handler, 2);
      runner.tick();

      assertThat(store.find(runs.get(2).id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
      assertThat(store.find(runs.get(0).id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      handler.release.countDown();
      awaitFinal(store, runner, runs);

      assertThat(handler.mostAtOnce).hasValue(2);
      assertThat(store.events(runs.get(0).id())).extracting(RunEvent::message)
          .contains("running on the head node", "[INFO] started " + runs.get(0).id(), "done");
    }
  }

  @Test
  void aRunCutShortByAStoppingRunnerIsCleanedUpAndRequeuedThenFailedAfterThreeAttempts() throws Exception {
    try (RunStore store = open()) {
      Run run = store.insert(RunKind.IMAGE_IMPORT, "{}");
      for (int attempt = 1; attempt <= LocalRuns.MAX_ATTEMPTS + 1; attempt++) {
        HeldRuns handler = new HeldRuns();
        try (Runner runner = runner(store, handler, "runner-" + attempt)) {
          runner.reconcile();
          if (attempt > LocalRuns.MAX_ATTEMPTS) {
            assertThat(handler.abandoned).containsExactly(run.id());
            break;
          }
          runner.tick();
          awaitStarted(handler, 1);
        }
        assertThat(store.find(run.id()).orElseThrow().state()).as("stopped with the runner").isEqualTo(RunState.RUNNING);
      }

      Run failed = store.find(run.id()).orElseThrow();
      assertThat(failed.state()).isEqualTo(RunState.FAILED);
      assertThat(failed.error()).contains("the runner stopped during this run 3 times");
      assertThat(store.events(run.id())).extracting(RunEvent::message).filteredOn(LocalRuns.REQUEUED::equals).hasSize(2);
    }
  }

  private static void awaitStarted(HeldRuns handler, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (handler.started.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(handler.started).hasSize(count);
  }

  private static void awaitFinal(RunStore store, Runner runner, List<Run> runs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      runner.tick();
      boolean done = true;
      for (Run run : runs) {
        done &= store.find(run.id()).orElseThrow().state() == RunState.SUCCEEDED;
      }
      if (done) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("runs not all succeeded within 10 s");
  }
}
