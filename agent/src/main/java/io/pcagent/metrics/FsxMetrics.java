package io.pcagent.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pcagent.fsx.FsxMonitor;
import io.pcagent.fsx.FsxSnapshot;
import java.util.HashMap;
import java.util.Map;

/** {@code pcagent_fsx_filesystem_info} and {@code pcagent_fsx_dra_info}: 1 per file system and association, with its lifecycle. */
public final class FsxMetrics {
  private final GaugeRows fileSystems;
  private final GaugeRows associations;

  public FsxMetrics(MeterRegistry registry, FsxMonitor fsx) {
    fileSystems = new GaugeRows(registry, "pcagent.fsx.filesystem.info", "1 per FSx file system, with its type and lifecycle", null);
    associations = new GaugeRows(registry, "pcagent.fsx.dra.info", "1 per data repository association, with its path and lifecycle", null);
    fsx.onUpdate(this::update);
  }

  private synchronized void update(FsxSnapshot snapshot) {
    Map<Tags, Long> fs = new HashMap<>();
    snapshot.fileSystems().forEach(f -> fs.put(Tags.of("filesystem", f.id(), "type", f.type(), "lifecycle", f.lifecycle()), 1L));
    Map<Tags, Long> dras = new HashMap<>();
    snapshot.associations().forEach(a -> dras.put(Tags.of("association", a.id(), "path", a.fileSystemPath(), "lifecycle", a.lifecycle()), 1L));
    fileSystems.set(fs);
    associations.set(dras);
  }
}
