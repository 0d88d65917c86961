package io.pcagent.runner;

import io.pcagent.concurrent.DaemonThreads;
import io.pcagent.exec.CommandFailedException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs the runner does itself ({@link LocalRunHandler}), each kind on a pool of its own as large as its
 * concurrency, so that a long import never holds up the Slurm runs the runner follows.
 */
public final class LocalRuns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRuns.class);
  /** An attempt cut short by a stopping runner is requeued this many times, then failed. */
  static final int MAX_ATTEMPTS = 3;
  static final String REQUEUED = "requeued: the runner stopped during the run";

  private final RunStore store;
  private final Map<RunKind, LocalRunHandler> handlers;
  private final Map<RunKind, ExecutorService> pools = new EnumMap<>(RunKind.class);
  private final Map<RunKind, Set<String>> inProgress = new EnumMap<>(RunKind.class);

  public LocalRuns(RunStore store, Map<RunKind, LocalRunHandler> handlers) {
    this.store = store;
    this.handlers = handlers.isEmpty() ? Map.of() : new EnumMap<>(handlers);
    this.handlers.forEach((kind, handler) -> {
      pools.put(kind, Executors.newFixedThreadPool(handler.concurrency(), DaemonThreads.named("run-" + kind.label())));
      inProgress.put(kind, ConcurrentHashMap.newKeySet());
    });
  }

  public static LocalRuns none(RunStore store) {
    return new LocalRuns(store, Map.of());
  }

  boolean handles(RunKind kind) {
    return handlers.containsKey(kind);
  }

  /** Local kinds whose pool is full: not to be claimed now. */
  Set<RunKind> full() {
    Set<RunKind> full = EnumSet.noneOf(RunKind.class);
    handlers.forEach((kind, handler) -> {
      if (inProgress.get(kind).size() >= handler.concurrency()) {
        full.add(kind);
      }
    });
    return full;
  }

  /** Starts a claimed run on its kind's pool. */
  void start(Run run) throws SQLException {
    store.markRunning(run.id(), "running on the head node");
    inProgress.get(run.kind()).add(run.id());
    pools.get(run.kind()).execute(() -> {
      try {
        RunHandler.Outcome outcome = handlers.get(run.kind()).run(run, line -> note(run.id(), line));
        store.finish(run.id(), outcome.state(), outcome.message(), outcome.result(),
            outcome.state() == RunState.SUCCEEDED ? null : outcome.message());
      } catch (InterruptedException e) {
        LOG.info("run {}: stopped with the runner; requeued on its next start", run.id());
        Thread.currentThread().interrupt();
      } catch (IOException | CommandFailedException | RuntimeException e) {
        finishFailed(run, String.valueOf(e.getMessage()));
      } catch (SQLException e) {
        LOG.error("run {}: cannot record its outcome: {}", run.id(), e.getMessage(), e);
      } finally {
        inProgress.get(run.kind()).remove(run.id());
      }
    });
  }

  /** After a restart: a local run some runner left unfinished is cleaned up and requeued, or failed after too many tries. */
  void recover(Run run) throws SQLException {
    try {
      handlers.get(run.kind()).abandon(run);
    } catch (IOException e) {
      LOG.warn("run {}: cannot clean up its last attempt: {}", run.id(), e.getMessage());
    }
    long attempts = 1 + store.events(run.id()).stream().filter(event -> event.message().equals(REQUEUED)).count();
    if (attempts >= MAX_ATTEMPTS) {
      store.finish(run.id(), RunState.FAILED, "gave up", null, "the runner stopped during this run " + attempts + " times");
    } else {
      store.requeue(run.id(), REQUEUED);
    }
  }

  private void note(String runId, String line) {
    try {
      store.note(runId, line);
    } catch (SQLException e) {
      LOG.warn("run {}: cannot record progress: {}", runId, e.getMessage());
    }
  }

  private void finishFailed(Run run, String error) {
    try {
      store.finish(run.id(), RunState.FAILED, error, null, error);
    } catch (SQLException | RuntimeException e) {
      LOG.error("run {}: cannot record its failure ({}): {}", run.id(), error, e.getMessage());
    }
  }

  /** Stops the pools: runs cut short stay running in the store and are requeued by the next runner's reconcile. */
  @Override
  public void close() {
    pools.values().forEach(ExecutorService::shutdownNow);
    for (ExecutorService pool : pools.values()) {
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
