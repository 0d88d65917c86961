package io.pcagent.runner;

import java.util.Map;
import java.util.Optional;

/**
 * What health and metrics need of the run store, read in one go: run counts by kind and state, and the
 * latest finished and latest successful smoke tests.
 */
public record RunsSummary(Map<String, Long> countsByKindAndState, Optional<Run> lastSmokeTest, Optional<Run> lastPassedSmokeTest) {
  public RunsSummary {
    countsByKindAndState = Map.copyOf(countsByKindAndState);
  }

  /** Key of {@link #countsByKindAndState()}. */
  public static String key(String kind, String state) {
    return kind + "/" + state;
  }
}
