package io.pcagent.slurm;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Slurm's ways of writing "nothing", times (SLURM_TIME_FORMAT=standard) and numbers, read strictly. */
final class SlurmValues {
  private static final Set<String> NONE = Set.of("", "(null)", "None", "NONE", "N/A", "n/a", "Unknown", "UNKNOWN", "n/s");

  private static final int[] STANDARD_TIME_DIGITS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

  private SlurmValues() {}

  static boolean isNone(String value) {
    return value == null || NONE.contains(value);
  }

  static Optional<String> optional(String value) {
    return isNone(value) ? Optional.empty() : Optional.of(value);
  }

  static Optional<LocalDateTime> time(String value) {
    if (isNone(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(isStandardTime(value) ? standardTime(value) : LocalDateTime.parse(value));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("expected a time such as 2026-11-29T20:37:49, got '" + value + "'", e);
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss}, what SLURM_TIME_FORMAT=standard prints: read without a formatter (the hot path). */
  private static boolean isStandardTime(String value) {
    if (value.length() != 19 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
        || value.charAt(13) != ':' || value.charAt(16) != ':') {
      return false;
    }
    for (int i : STANDARD_TIME_DIGITS) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static LocalDateTime standardTime(String value) {
    return LocalDateTime.of(digits(value, 0, 4), digits(value, 5, 2), digits(value, 8, 2),
        digits(value, 11, 2), digits(value, 14, 2), digits(value, 17, 2));
  }

  private static int digits(String value, int from, int count) {
    int result = 0;
    for (int i = from; i < from + count; i++) {
      result = result * 10 + (value.charAt(i) - '0');
    }
    return result;
  }

  static long number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got '" + value + "'", e);
    }
  }

  /** {@link #number(String)} of {@code text[from, to)}, read in place. */
  static long number(String text, int from, int to) {
    try {
      return Long.parseLong(text, from, to, 10);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got '" + text.substring(from, to) + "'", e);
    }
  }

  static List<String> list(String value) {
    return isNone(value) ? List.of() : Arrays.stream(value.split(",")).filter(s -> !s.isEmpty()).toList();
  }
}
