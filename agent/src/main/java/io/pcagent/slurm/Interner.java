package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One instance per distinct value within one parse: 100,000 jobs have a handful of users, states, partitions
 * and submit times, and a snapshot is kept for a whole cadence. Values are read straight from a region of the
 * line, so a value seen before costs no copy, and each distinct value has one {@code Optional} (docs/benchmarks.md).
 */
final class Interner {
  private final StringTable strings = new StringTable(1024);
  private final Map<String, Optional<String>> optionals = new IdentityHashMap<>();
  private final Map<String, Optional<LocalDateTime>> times = new HashMap<>();
  private final Map<String, NodeState> states = new HashMap<>();

  /** {@code line[from, to)}. */
  String region(String line, int from, int to) {
    return strings.intern(line, from, to);
  }

  /** {@code line[from, to)} without the blanks at its ends. */
  String stripped(String line, int from, int to) {
    int start = from;
    int end = to;
    while (start < end && Character.isWhitespace(line.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return strings.intern(line, start, end);
  }

  String string(String value) {
    return value == null ? null : strings.intern(value);
  }

  /** Empty for Slurm's ways of writing nothing ({@link SlurmValues#isNone}). */
  Optional<String> optional(String value) {
    if (SlurmValues.isNone(value)) {
      return Optional.empty();
    }
    return optionals.computeIfAbsent(string(value), Optional::of);
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

  NodeState state(String raw, String nextState) {
    return nextState == null ? state(raw) : states.computeIfAbsent(raw + " NextState=" + nextState, key -> NodeState.parse(raw, nextState));
  }
}
