package io.pcagent.collect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one source's snapshot fresh: a refresh on a fixed cadence, plus refreshes on demand that are
 * single-flight (callers during a refresh share it) and rate limited (none starts within
 * {@code minInterval} of the previous one; callers get the current snapshot instead). So a hundred clients
 * cost slurmctld what one costs. A failing refresh keeps the last good value and marks the source down.
 */
public final class Collector<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
  private static final Duration FRESH_POLL = Duration.ofMillis(100);

  /** What a refresh runs; may block (it runs a Slurm command). */
  @FunctionalInterface
  public interface Source<T> {
    T fetch() throws Exception;
  }

  private final String name;
  private final Source<T> source;
  private final Duration cadence;
  private final Duration minInterval;
  private final Clock clock;
  private final Executor worker;
  private final List<Consumer<Snapshot<T>>> listeners = new CopyOnWriteArrayList<>();

  private volatile Snapshot<T> current;
  private CompletableFuture<Snapshot<T>> inFlight;
  private Instant lastStart = Instant.MIN;

  public Collector(String name, Source<T> source, Duration cadence, Duration minInterval, Clock clock, Executor worker) {
    this.name = name;
    this.source = source;
    this.cadence = cadence;
    this.minInterval = minInterval;
    this.clock = clock;
    this.worker = worker;
    this.current = new Snapshot<>(Optional.empty(), SourceStatus.initial(name));
  }

  public String name() {
    return name;
  }

  public Duration cadence() {
    return cadence;
  }

  /** Refreshes now, then every {@link #cadence()}, on the scheduler's thread (the refresh itself on the worker). */
  public void start(ScheduledExecutorService scheduler) {
    scheduler.scheduleWithFixedDelay(this::refreshOnSchedule, 0, cadence.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Snapshot<T> current() {
    return current;
  }

  /** Called with every new snapshot, on the worker thread. */
  public void onUpdate(Consumer<Snapshot<T>> listener) {
    listeners.add(listener);
  }

  /** A refresh for a caller who asked for fresh data: shared if one runs, skipped if one ran too recently. */
  public synchronized CompletableFuture<Snapshot<T>> refresh() {
    // a refresh that has finished is not in flight, even before its completion callback has cleared it: handing it
    // out past minInterval gave a caller the old snapshot (CollectorTest caught it on a loaded machine)
    if (inFlight != null && !inFlight.isDone()) {
      return inFlight;
    }
    Instant now = clock.instant();
    if (Duration.between(lastStart, now).compareTo(minInterval) < 0) {
      return CompletableFuture.completedFuture(current);
    }
    lastStart = now;
    CompletableFuture<Snapshot<T>> refresh = CompletableFuture.supplyAsync(this::fetchOnce, worker);
    inFlight = refresh;
    refresh.whenComplete((snapshot, error) -> clearInFlight(refresh));
    return refresh;
  }

  /**
   * A snapshot from a fetch that started now or later, for a caller that just changed what the source reads: a
   * refresh already under way, or one skipped for {@code minInterval}, would not show the change. Waits at most
   * {@code timeout}, then answers with what there is.
   */
  public Snapshot<T> awaitFresh(Duration timeout) throws InterruptedException {
    Instant asked = clock.instant();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Snapshot<T> snapshot;
      try {
        snapshot = refresh().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        return current;
      }
      boolean fresh = snapshot.status().lastAttempt().map(started -> !started.isBefore(asked)).orElse(false);
      if (fresh || System.nanoTime() > deadline) {
        return snapshot;
      }
      Thread.sleep(FRESH_POLL.toMillis());
    }
  }

  /** Never waits: a refresh that outlasts the cadence is shared by the next tick, not doubled. */
  private void refreshOnSchedule() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.error("refresh of {} failed unexpectedly", name, e);
    }
  }

  private synchronized void clearInFlight(CompletableFuture<Snapshot<T>> done) {
    if (inFlight == done) {
      inFlight = null;
    }
  }

  private Snapshot<T> fetchOnce() {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    SourceStatus previous = current.status();
    Snapshot<T> next;
    try {
      T value = source.fetch();
      Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
      next = new Snapshot<>(Optional.of(value), new SourceStatus(
          name, true, Optional.of(started), Optional.of(started), Optional.empty(), took, previous.errors()));
      if (!previous.up() && previous.lastAttempt().isPresent()) {
        LOG.info("{} recovered", name);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
      String error = e.getMessage() == null ? e.toString() : e.getMessage();
      next = new Snapshot<>(current.value(), new SourceStatus(
          name, false, previous.lastSuccess(), Optional.of(started), Optional.of(error), took, previous.errors() + 1));
      if (previous.up() || previous.lastAttempt().isEmpty()) {
        LOG.warn("{} failing, keeping its last data: {}", name, error);
      }
    }
    current = next;
    for (Consumer<Snapshot<T>> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.error("listener of {} failed", name, e);
      }
    }
    return next;
  }
}
