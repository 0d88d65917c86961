package io.pcagent.collect;

import java.time.Duration;

/**
 * Cadence of each source's background refresh, and the shortest interval between two refreshes of one
 * source, whoever asks.
 */
public record CollectConfig(Duration nodes, Duration jobs, Duration partitions, Duration scheduler, Duration minInterval) {
  public static final CollectConfig DEFAULTS = new CollectConfig(
      Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(2));
}
