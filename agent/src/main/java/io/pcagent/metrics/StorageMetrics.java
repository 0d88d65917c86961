package io.pcagent.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pcagent.health.HealthStatus;
import io.pcagent.storage.MountStatus;
import io.pcagent.storage.StorageMonitor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared file systems: capacity and inodes from the last statvfs that returned, the last probe's latency,
 * {@code pcagent_check_up} per mount. {@code pcagent_fs_inodes_total} is a gauge whose name ends in {@code _total},
 * so it is written as text (see {@link PromText} for why).
 */
public final class StorageMetrics {
  private static final double MICROS = 1e-6;

  private final GaugeRows size;
  private final GaugeRows free;
  private final GaugeRows avail;
  private final GaugeRows inodesFree;
  private final GaugeRows probe;
  private final GaugeRows checkUp;
  private volatile String inodesTotal = "";

  public StorageMetrics(MeterRegistry registry, StorageMonitor storage) {
    size = new GaugeRows(registry, "pcagent.fs.size", "Size of the file system (statvfs)", "bytes");
    free = new GaugeRows(registry, "pcagent.fs.free", "Free space, root's reserve included", "bytes");
    avail = new GaugeRows(registry, "pcagent.fs.avail", "Space available to ordinary users", "bytes");
    inodesFree = new GaugeRows(registry, "pcagent.fs.inodes.free", "Free inodes", null);
    probe = new GaugeRows(registry, "pcagent.fs.probe", "How long the last probe (statvfs, write, fsync, read, delete) took",
        "seconds", MICROS);
    checkUp = new GaugeRows(registry, "pcagent.check.up", "1 when the storage check is ok", null);
    storage.onUpdate(this::update);
  }

  private synchronized void update(List<MountStatus> statuses) {
    Map<Tags, Long> sizes = new HashMap<>();
    Map<Tags, Long> frees = new HashMap<>();
    Map<Tags, Long> avails = new HashMap<>();
    Map<Tags, Long> inodes = new HashMap<>();
    Map<Tags, Long> probes = new HashMap<>();
    Map<Tags, Long> ups = new HashMap<>();
    StringBuilder totals = new StringBuilder("# HELP pcagent_fs_inodes_total Inodes of the file system\n"
        + "# TYPE pcagent_fs_inodes_total gauge\n");
    for (MountStatus status : statuses) {
      String mount = status.mountPoint().toString();
      String type = status.mounted().map(MountStatus.Mounted::type).orElse("");
      Tags typed = Tags.of("mount", mount, "fstype", type);
      Tags byMount = Tags.of("mount", mount);
      status.stats().ifPresent(stats -> {
        sizes.put(typed, stats.sizeBytes());
        frees.put(typed, stats.freeBytes());
        avails.put(typed, stats.availBytes());
        inodes.put(byMount, stats.inodesFree());
        totals.append("pcagent_fs_inodes_total{mount=\"").append(PromText.escape(mount)).append("\"} ")
            .append(stats.inodesTotal()).append('\n');
      });
      status.probeLatency().ifPresent(latency -> probes.put(byMount, latency.toNanos() / 1000));
      ups.put(Tags.of("check", "storage:" + mount), status.status() == HealthStatus.OK ? 1L : 0L);
    }
    size.set(sizes);
    free.set(frees);
    avail.set(avails);
    inodesFree.set(inodes);
    probe.set(probes);
    checkUp.set(ups);
    inodesTotal = statuses.isEmpty() ? "" : totals.toString();
  }

  /** {@code pcagent_fs_inodes_total}, to append to the scrape. */
  public String totalsText() {
    return inodesTotal;
  }
}
