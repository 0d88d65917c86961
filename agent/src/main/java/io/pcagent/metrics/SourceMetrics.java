package io.pcagent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.Collector;
import io.pcagent.collect.SourceStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's view of its own sources: {@code slurm_up} (the controller answered the last node refresh, whether or
 * not every record could be read) and, per source, whether it is up, when it last succeeded, how long it took, how
 * many refreshes failed and how many records could not be read.
 */
public final class SourceMetrics {
  private SourceMetrics() {}

  public static void register(MeterRegistry registry, ClusterCollectors collectors) {
    Collector<?> nodes = collectors.nodes();
    Gauge.builder("slurm.up", nodes, c -> c.current().status().up() ? 1 : 0)
        .description("1 when slurmctld answered the last node refresh").register(registry);
    for (Collector<?> collector : List.of(collectors.nodes(), collectors.jobs(), collectors.partitions(), collectors.scheduler())) {
      String source = collector.name();
      Gauge.builder("pcagent.source.up", collector, c -> status(c).up() ? 1 : 0)
          .tag("source", source).description("1 when the source's last refresh succeeded").register(registry);
      Gauge.builder("pcagent.source.last.success.timestamp", collector,
              c -> status(c).lastSuccess().map(i -> i.toEpochMilli() / 1000.0).orElse(0.0))
          .tag("source", source).baseUnit("seconds").description("When the source last refreshed successfully")
          .register(registry);
      Gauge.builder("pcagent.source.duration", collector, c -> status(c).lastDuration().toNanos() / 1e9)
          .tag("source", source).baseUnit("seconds").description("How long the source's last refresh took")
          .register(registry);
      FunctionCounter.builder("pcagent.source.errors", collector, c -> status(c).errors())
          .tag("source", source).description("Failed refreshes of the source").register(registry);
    }
    for (String source : List.of(ClusterCollectors.NODES, ClusterCollectors.JOBS, ClusterCollectors.PARTITIONS)) {
      FunctionCounter.builder("pcagent.parse.errors", collectors.parseProblems().total(source), AtomicLong::doubleValue)
          .tag("source", source).description("Records of Slurm's output that could not be read (the others were)")
          .register(registry);
    }
  }

  private static SourceStatus status(Collector<?> collector) {
    return collector.current().status();
  }
}
