package io.pcagent.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SQLite file, opened by several stores at once as the agent and the runner do. */
class RunStoreTest {
  @TempDir Path dir;

  private RunStore open() throws SQLException {
    return RunStore.open(dir.resolve("runs.db"), Clock.systemUTC());
  }

  @Test
  void aRunGoesFromQueuedToSucceededWithItsHistory() throws Exception {
    try (RunStore store = open()) {
      Run run = store.insert(RunKind.SMOKE_TEST, "{\"tasksPerNode\":1}");
      assertThat(run.state()).isEqualTo(RunState.QUEUED);
      assertThat(run.id()).startsWith("r-");

      assertThat(store.claimNext("runner-1")).map(Run::id).contains(run.id());
      assertThat(store.claimNext("runner-1")).as("claimed once only").isEmpty();
      store.markSubmitted(run.id(), 42);
      store.markRunning(run.id());
      Run done = store.finish(run.id(), RunState.SUCCEEDED, "all nodes passed", "{\"verdict\":\"pass\"}", null);

      assertThat(done.slurmJobId()).hasValue(42);
      assertThat(done.result()).contains("{\"verdict\":\"pass\"}");
      assertThat(done.finishedAt()).isPresent();
      assertThat(store.events(run.id())).extracting(RunEvent::message)
          .containsExactly("queued", "claimed by runner-1", "submitted as Slurm job 42", "running", "all nodes passed");
      assertThatThrownBy(() -> store.markRunning(run.id())).hasMessage("run " + run.id() + " is already succeeded");
    }
  }

  @Test
  void aNewStoreIsGroupWritableWhateverTheUmaskAndItsJournalFilesFollow() throws Exception {
    try (RunStore store = open()) {
      store.insert(RunKind.JOB, "{}");
      for (String name : List.of("runs.db", "runs.db-wal", "runs.db-shm")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))).as(name).isEqualTo("rw-rw----");
      }
    }
  }

  @Test
  void cancelRequestsAreKeptOnceEachOldestFirstUntilDoneAndSeenByEveryStore() throws Exception {
    try (RunStore agent = open(); RunStore runner = open()) {
      agent.cancelRequests().request(42);
      agent.cancelRequests().request(7);
      agent.cancelRequests().request(42);

      assertThat(runner.cancelRequests().pending()).extracting(CancelRequests.Request::jobId).containsExactly(42L, 7L);
      runner.cancelRequests().done(42);
      assertThat(agent.cancelRequests().pending()).extracting(CancelRequests.Request::jobId).containsExactly(7L);
    }
  }

  @Test
  void claimsOnlyTheKindsAskedForOldestFirst() throws Exception {
    try (RunStore store = open()) {
      Run image = store.insert(RunKind.IMAGE_IMPORT, "{}");
      Run job = store.insert(RunKind.JOB, "{}");

      assertThat(store.claimNext("r", EnumSet.of(RunKind.JOB, RunKind.SMOKE_TEST))).map(Run::id).contains(job.id());
      assertThat(store.claimNext("r", EnumSet.of(RunKind.JOB))).isEmpty();
      assertThat(store.claimNext("r", EnumSet.noneOf(RunKind.class))).isEmpty();
      assertThat(store.active(RunKind.IMAGE_IMPORT)).extracting(Run::id).containsExactly(image.id());
      assertThat(store.claimNext("r")).map(Run::id).contains(image.id());
    }
  }

  @Test
  void aRunningRunWithoutASlurmJobGoesBackToTheQueueWithItsProgressKept() throws Exception {
    try (RunStore store = open()) {
      Run run = store.insert(RunKind.IMAGE_IMPORT, "{}");
      store.claimNext("r");
      store.markRunning(run.id(), "running on the head node");
      store.note(run.id(), "[INFO] Fetching image manifest");

      Run requeued = store.requeue(run.id(), "requeued: the runner stopped during the run");

      assertThat(requeued.state()).isEqualTo(RunState.QUEUED);
      assertThat(store.claimNext("r2")).map(Run::id).contains(run.id());
      assertThat(store.events(run.id())).extracting(e -> e.state().label() + " " + e.message()).containsExactly(
          "queued queued", "queued claimed by r", "running running on the head node", "running [INFO] Fetching image manifest",
          "queued requeued: the runner stopped during the run", "queued claimed by r2");
      store.finish(run.id(), RunState.FAILED, "enroot import failed", null, "enroot import failed");
      store.note(run.id(), "[INFO] a line that came late");
      assertThat(store.events(run.id())).hasSize(7);
      assertThatThrownBy(() -> store.requeue(run.id(), "again"))
          .hasMessage("run " + run.id() + " is not a claimed run without a Slurm job");
    }
  }

  @Test
  void twoProcessesClaimingTogetherNeverGetTheSameRun() throws Exception {
    try (RunStore agent = open()) {
      for (int i = 0; i < 40; i++) {
        agent.insert(RunKind.JOB, "{}");
      }
    }
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService runners = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      String owner = "runner-" + r;
      done.add(runners.submit(() -> {
        try (RunStore store = open()) {
          Optional<Run> next;
          while ((next = store.claimNext(owner)).isPresent()) {
            claimed.add(next.get().id());
          }
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    runners.shutdown();

    assertThat(claimed).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void inFlightListsClaimedSubmittedAndRunningRunsOnly() throws Exception {
    try (RunStore store = open()) {
      Run claimed = store.insert(RunKind.JOB, "{}");
      Run submitted = store.insert(RunKind.JOB, "{}");
      store.claimNext("r");
      store.claimNext("r");
      Run queued = store.insert(RunKind.JOB, "{}");
      Run finished = store.insert(RunKind.JOB, "{}");
      store.markSubmitted(submitted.id(), 7);
      store.finish(finished.id(), RunState.CANCELLED, "cancelled", null, null);

      assertThat(store.inFlight()).extracting(Run::id).containsExactly(claimed.id(), submitted.id());
      assertThat(store.list(RunKind.JOB, 10)).extracting(Run::id).contains(queued.id());
    }
  }

  @Test
  void aClaimedRunNeverSubmittedCanBeReleasedToTheQueue() throws Exception {
    try (RunStore store = open()) {
      Run run = store.insert(RunKind.SMOKE_TEST, "{}");
      store.claimNext("crashed-runner");
      store.release(run.id(), "released after a restart: its job was never submitted");

      assertThat(store.claimNext("new-runner")).map(Run::id).contains(run.id());
      store.markSubmitted(run.id(), 3);
      assertThatThrownBy(() -> store.release(run.id(), "again")).hasMessage("run " + run.id() + " is not a claimed run without a Slurm job");
    }
  }

  @Test
  void reopeningKeepsEverythingAndTheFileIsSound() throws Exception {
    String id;
    try (RunStore store = open()) {
      id = store.insert(RunKind.SMOKE_TEST, "{}").id();
    }
    try (RunStore store = open()) {
      assertThat(store.find(id)).isPresent();
      assertThat(store.integrityCheck()).isEqualTo("ok");
    }
  }

  @Test
  void aStoreFromANewerAgentIsRefused() throws Exception {
    open().close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("runs.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO schema_version(version) VALUES (99)");
    }
    assertThatThrownBy(this::open)
        .hasMessageContaining("the run store is at schema version 99, newer than this agent (3): upgrade the agent");
  }

  /** The agent asks, the runner deletes and writes back what came of it; asking again forgets the last outcome. */
  @Test
  void imageDeletionsAreAskedDoneAndAnsweredOnce() throws Exception {
    try (RunStore store = open()) {
      ImageDeletions deletions = store.imageDeletions();
      deletions.request("pytorch");
      deletions.request("nemo");
      assertThat(deletions.pending()).containsExactly("pytorch", "nemo");
      assertThat(deletions.outcome("pytorch")).isEmpty();

      deletions.done("pytorch", ImageDeletions.Outcome.DELETED, null);
      deletions.done("nemo", ImageDeletions.Outcome.FAILED, "Permission denied");

      assertThat(deletions.pending()).isEmpty();
      assertThat(deletions.outcome("pytorch")).contains(new ImageDeletions.Done(ImageDeletions.Outcome.DELETED, null));
      assertThat(deletions.outcome("nemo")).contains(new ImageDeletions.Done(ImageDeletions.Outcome.FAILED, "Permission denied"));
      deletions.request("nemo");
      assertThat(deletions.outcome("nemo")).as("a new request has no outcome yet").isEmpty();
      assertThat(deletions.pending()).containsExactly("nemo");
    }
  }
}
