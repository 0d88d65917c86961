package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Slurm's ways of writing "nothing", times (SLURM_TIME_FORMAT=standard) and numbers, read strictly. */
final class SlurmValues {
  private static final Set<String> NONE = Set.of("", "(null)", "None", "NONE", "N/A", "n/a", "Unknown", "UNKNOWN", "n/s");

  private SlurmValues() {}

  static boolean isNone(String value) {
    return value == null || NONE.contains(value);
  }

  static Optional<String> text(Map<String, String> fields, String key) {
    return optional(fields.get(key));
  }

  static Optional<String> optional(String value) {
    return isNone(value) ? Optional.empty() : Optional.of(value);
  }

  static String required(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key + "= (truncated output?)");
    }
    return value;
  }

  static Optional<LocalDateTime> time(String value) {
    if (isNone(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(value));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected a time such as 2026-11-29T20:37:49, got '" + value + "'", e);
    }
  }

  static long number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got '" + value + "'", e);
    }
  }

  static List<String> list(String value) {
    return isNone(value) ? List.of() : Arrays.stream(value.split(",")).filter(s -> !s.isEmpty()).toList();
  }
}
