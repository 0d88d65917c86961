package io.pcagent.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How one source (nodes, jobs, partitions, scheduler) fares: whether its last refresh worked, when one last
 * did, the last error, how long the last refresh took and how many have failed since start.
 */
public record SourceStatus(
    String source,
    boolean up,
    Optional<Instant> lastSuccess,
    Optional<Instant> lastAttempt,
    Optional<String> lastError,
    Duration lastDuration,
    long errors) {

  public static SourceStatus initial(String source) {
    return new SourceStatus(source, false, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO, 0);
  }

  /** Seconds since the last good data, or empty when there never was any. */
  public Optional<Duration> age(Instant now) {
    return lastSuccess.map(success -> Duration.between(success, now));
  }
}
