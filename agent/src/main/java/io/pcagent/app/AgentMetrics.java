package io.pcagent.app;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.Collector;
import io.pcagent.fsx.FsxMonitor;
import io.pcagent.images.ImagesSummary;
import io.pcagent.metrics.Exposition;
import io.pcagent.metrics.FsxMetrics;
import io.pcagent.metrics.ImageMetrics;
import io.pcagent.metrics.RunMetrics;
import io.pcagent.metrics.SlurmMetrics;
import io.pcagent.metrics.SourceMetrics;
import io.pcagent.metrics.StorageMetrics;
import io.pcagent.metrics.TextPart;
import io.pcagent.runner.RunsSummary;
import io.pcagent.storage.StorageMonitor;
import java.time.Duration;
import java.util.List;

/**
 * Every metric of the agent, in one registry, and the {@code /metrics} body rendered from it: each source that
 * brings a new snapshot marks the body changed (after its own metrics took the snapshot, since listeners run in the
 * order they were added), so a scrape renders at most once per change.
 */
final class AgentMetrics implements AutoCloseable {
  /** Gauges that move between snapshots (ages, the process) are at most this old in a scrape. */
  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Exposition exposition;

  AgentMetrics(ClusterCollectors collectors, Collector<RunsSummary> runs, Collector<ImagesSummary> images, StorageMonitor storage,
      FsxMonitor fsx) {
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    SlurmMetrics slurm = new SlurmMetrics(registry, collectors);
    SourceMetrics.register(registry, collectors);
    new RunMetrics(registry, runs);
    new ImageMetrics(registry, images);
    StorageMetrics storageMetrics = new StorageMetrics(registry, storage);
    new FsxMetrics(registry, fsx);
    exposition = new Exposition(() -> List.of(TextPart.of(registry.scrape()), slurm.nodeSeriesText(), slurm.schedulerTotalsText(),
        TextPart.of(storageMetrics.totalsText())), MAX_AGE);
    for (Collector<?> collector : List.of(collectors.nodes(), collectors.jobs(), collectors.partitions(), collectors.scheduler(), runs,
        images)) {
      collector.onUpdate(snapshot -> exposition.changed());
    }
    storage.onUpdate(statuses -> exposition.changed());
    fsx.onUpdate(snapshot -> exposition.changed());
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  Exposition exposition() {
    return exposition;
  }

  @Override
  public void close() {
    exposition.close();
    registry.close();
  }
}
