package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One instance per distinct value within one parse: 100,000 jobs have a handful of users, states, partitions
 * and submit times, and a snapshot is kept for a whole cadence. Cuts the retained heap (docs/benchmarks.md).
 */
final class Interner {
  private final Map<String, String> strings = new HashMap<>();
  private final Map<String, Optional<LocalDateTime>> times = new HashMap<>();
  private final Map<String, NodeState> states = new HashMap<>();

  String string(String value) {
    String known = strings.putIfAbsent(value, value);
    return known == null ? value : known;
  }

  Optional<String> optional(String value) {
    return SlurmValues.optional(value).map(this::string);
  }

  Optional<LocalDateTime> time(String value) {
    Optional<LocalDateTime> known = times.get(value);
    if (known == null) {
      known = SlurmValues.time(value);
      times.put(value, known);
    }
    return known;
  }

  NodeState state(String raw) {
    return states.computeIfAbsent(raw, NodeState::parse);
  }
}
