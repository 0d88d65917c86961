package io.pcagent.storage;

import io.pcagent.concurrent.DaemonThreads;
import io.pcagent.config.StorageConfig;
import io.pcagent.health.HealthStatus;
import io.pcagent.mount.MountEntry;
import io.pcagent.mount.MountTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the shared file systems the head node must have: mounted, of the right type, writable, with space, and
 * answering. Each mount is probed on a thread of its own; a probe that does not return within the timeout marks the
 * mount failing and is not started again while it hangs, so nothing else in the agent ever waits on a hung mount
 * (a stopped Lustre or NFS client blocks every access, statvfs included, until it recovers).
 */
public final class StorageMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageMonitor.class);

  private final StorageConfig config;
  private final Clock clock;
  private final MountProbe probe;
  private final Supplier<List<MountEntry>> mountTable;
  private final Map<Path, Slot> slots = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private final List<Consumer<List<MountStatus>>> listeners = new CopyOnWriteArrayList<>();

  /** One mount's probing: its own thread, the probe under way (if any) and what the last one found. */
  private static final class Slot {
    final ExecutorService thread;
    volatile CompletableFuture<MountProbe.Result> pending;
    volatile Instant pendingSince;
    volatile MountProbe.Result last;
    volatile String lastError;

    Slot(ExecutorService thread) {
      this.thread = thread;
    }
  }

  public StorageMonitor(StorageConfig config, Clock clock, String host, Supplier<List<MountEntry>> mountTable) {
    this.config = config;
    this.clock = clock;
    this.probe = new MountProbe(host);
    this.mountTable = mountTable;
    for (Path mountPoint : config.mounts().keySet()) {
      slots.put(mountPoint, new Slot(Executors.newSingleThreadExecutor(DaemonThreads.named("storage-probe " + mountPoint))));
    }
    this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("storage-ticker"));
  }

  /** The mounts of this host, read from /proc/self/mountinfo at every look. */
  public static StorageMonitor forThisHost(StorageConfig config, Clock clock, String host) {
    return new StorageMonitor(config, clock, host, MountTable::ofSelf);
  }

  /** The mount points this monitor watches, sorted. */
  public List<String> sharedDirs() {
    return ExpectedMounts.sharedDirs(config);
  }

  public void start() {
    if (!slots.isEmpty()) {
      ticker.scheduleWithFixedDelay(this::tick, 0, config.cadence().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Called with every mount's status after each look, on the ticker's thread. */
  public void onUpdate(Consumer<List<MountStatus>> listener) {
    listeners.add(listener);
  }

  /** Starts a probe of each mount that is there and not still hanging in its last probe. Never waits on one. */
  void tick() {
    try {
      List<MountEntry> table = mountTable.get();
      slots.forEach((mountPoint, slot) -> {
        boolean mounted = MountTable.find(table, mountPoint).isPresent();
        if (mounted && (slot.pending == null || slot.pending.isDone())) {
          startProbe(mountPoint, slot);
        }
      });
      publish(table);
    } catch (RuntimeException e) {
      LOG.error("storage check failed unexpectedly", e);
    }
  }

  private void publish(List<MountEntry> table) {
    List<MountStatus> statuses = statuses(table);
    listeners.forEach(listener -> listener.accept(statuses));
  }

  private void startProbe(Path mountPoint, Slot slot) {
    slot.pendingSince = clock.instant();
    CompletableFuture<MountProbe.Result> future = new CompletableFuture<>();
    slot.pending = future;
    slot.thread.execute(() -> {
      try {
        MountProbe.Result result = probe.run(mountPoint);
        slot.last = result;
        slot.lastError = null;
        future.complete(result);
      } catch (Exception e) {
        slot.lastError = e.getMessage() == null ? e.toString() : e.getMessage();
        future.completeExceptionally(e);
      }
      // What a probe found is published when it returns, not a cadence later.
      try {
        publish(mountTable.get());
      } catch (RuntimeException e) {
        LOG.warn("storage metrics not updated: {}", e.getMessage());
      }
    });
  }

  /** Every expected mount as seen now (mountinfo read afresh; probe results as they last came). */
  public List<MountStatus> statuses() {
    return statuses(mountTable.get());
  }

  private List<MountStatus> statuses(List<MountEntry> table) {
    Instant now = clock.instant();
    List<MountStatus> statuses = new ArrayList<>();
    slots.forEach((mountPoint, slot) -> statuses.add(status(mountPoint, slot, MountTable.find(table, mountPoint), now)));
    return statuses;
  }

  private MountStatus status(Path mountPoint, Slot slot, Optional<MountEntry> entry, Instant now) {
    String expected = config.mounts().get(mountPoint);
    Optional<String> expectedType = expected.isEmpty() ? Optional.empty() : Optional.of(expected);
    Optional<MountStatus.Mounted> mounted = entry.map(e -> new MountStatus.Mounted(e.source(), e.type(), e.mountOptions()));
    MountProbe.Result last = slot.last;
    Optional<FsStats> stats = Optional.ofNullable(last).map(MountProbe.Result::stats);
    Optional<Duration> latency = Optional.ofNullable(last).map(MountProbe.Result::latency);
    if (entry.isEmpty()) {
      return new MountStatus(mountPoint, expectedType, mounted, Optional.empty(), Optional.empty(), HealthStatus.FAILING,
          "not mounted" + expectedType.map(t -> " (a " + t + " file system is expected here)").orElse(""));
    }
    MountEntry found = entry.get();
    HealthStatus status = HealthStatus.OK;
    String why;
    CompletableFuture<MountProbe.Result> pending = slot.pending;
    Instant since = slot.pendingSince;
    if (expectedType.isPresent() && !expectedType.get().equals(found.type())) {
      status = HealthStatus.FAILING;
      why = "mounted as " + found.type() + " from " + found.source() + ", " + expectedType.get() + " expected";
    } else if (found.fileSystemReadOnly()) {
      // the file system's own options: the agent's unit sees every mount through a read-only bind (ProtectSystem=strict)
      status = HealthStatus.FAILING;
      why = "mounted read-only (" + String.join(",", found.superOptions()) + "), read-write expected";
    } else if (pending != null && !pending.isDone() && since != null
        && Duration.between(since, now).compareTo(config.probeTimeout()) >= 0) {
      status = HealthStatus.FAILING;
      why = "probe did not return in " + seconds(config.probeTimeout()) + " (hung since " + since + ")";
    } else if (slot.lastError != null) {
      status = HealthStatus.FAILING;
      why = slot.lastError;
    } else if (last == null) {
      why = "mounted from " + found.source() + ", not probed yet";
    } else if (last.writeProblem() != null) {
      status = HealthStatus.FAILING;
      why = last.writeProblem();
    } else {
      double used = last.stats().usedPercent();
      status = used >= config.failPercent() ? HealthStatus.FAILING : used >= config.warnPercent() ? HealthStatus.DEGRADED : HealthStatus.OK;
      why = String.format(Locale.ROOT, "%.0f%% used%s, probe %d ms", used,
          status == HealthStatus.OK ? "" : " (" + (status == HealthStatus.FAILING ? "fail" : "warn") + " from "
              + (status == HealthStatus.FAILING ? config.failPercent() : config.warnPercent()) + "%)",
          last.latency().toMillis());
    }
    return new MountStatus(mountPoint, expectedType, mounted, stats, latency, status, why);
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    // A probe blocked in a hung mount cannot be interrupted; its thread is a daemon and dies with the process.
    slots.values().forEach(slot -> slot.thread.shutdownNow());
  }
}
