package io.pcagent.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run and its events read as one moment of the store while a runner, through a store of its own on the same
 * SQLite file (serve and runner are two processes on a head node), finishes runs: an answer never shows an event
 * the run's state has not reached. Two separate reads did (a smoke test's "succeeded" event beside its "running"
 * state, SlurmMatrixIT in a fresh-clone run).
 */
class RunHistoryTest {
  @TempDir Path dir;

  @Test
  void aReaderNeverSeesAFinalEventBesideARunThatIsNotFinal() throws Exception {
    Path file = dir.resolve("runs.db");
    List<String> inconsistent = new ArrayList<>();
    try (RunStore serve = RunStore.open(file, Clock.systemUTC()); RunStore runner = RunStore.open(file, Clock.systemUTC())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Run run = runner.insert(RunKind.SMOKE_TEST, "{}");
        runner.claimNext("runner-1");
        runner.markSubmitted(run.id(), 1000 + i);
        runner.markRunning(run.id());
        ids.add(run.id());
      }
      AtomicBoolean finishing = new AtomicBoolean(true);
      Thread reader = new Thread(() -> {
        int reads = 0;
        while (finishing.get() || reads < 200) {
          for (String id : ids) {
            try {
              Optional<RunHistory> history = serve.history(id);
              RunHistory h = history.orElseThrow();
              boolean finalEvent = h.events().stream().anyMatch(event -> event.state().isFinal());
              if (finalEvent && !h.run().state().isFinal()) {
                inconsistent.add(id + ": " + h.run().state() + " with " + h.events());
              }
              reads++;
            } catch (Exception e) {
              inconsistent.add(id + ": " + e);
            }
          }
        }
      }, "reader");
      reader.start();
      for (String id : ids) {
        runner.finish(id, RunState.SUCCEEDED, "verdict pass", "{\"verdict\":\"pass\"}", null);
      }
      finishing.set(false);
      reader.join(60_000);
      for (String id : ids) {
        RunHistory done = serve.history(id).orElseThrow();
        assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.events()).last().extracting(RunEvent::state).isEqualTo(RunState.SUCCEEDED);
      }
    }
    assertThat(inconsistent).isEmpty();
  }
}
