package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The fields of one {@code Key=value} record, read strictly: each failure names its field. */
final class Fields {
  private final Map<String, String> values;

  Fields(Map<String, String> values) {
    this.values = values;
  }

  String raw(String key) {
    return values.get(key);
  }

  String required(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new RecordProblem(key, "missing (truncated output?)");
    }
    return value;
  }

  long number(String key) {
    return read(key, SlurmValues::number, required(key));
  }

  /** A number that Slurm may print as none ({@code AllocMem} of a node that never registered): 0 then. */
  long numberOrZero(String key) {
    String value = values.get(key);
    return SlurmValues.isNone(value) ? 0 : read(key, SlurmValues::number, value);
  }

  Optional<String> text(String key) {
    return SlurmValues.optional(values.get(key));
  }

  Optional<LocalDateTime> time(String key, Interner interner) {
    return read(key, interner::time, values.get(key));
  }

  /** GPUs of {@code Gres} and, allocated, of {@code GresUsed}. */
  record Gpus(int total, int allocated) {}

  Gpus gpus() {
    return new Gpus(read("Gres", GpuGres::count, values.get("Gres")), read("GresUsed", GpuGres::count, values.get("GresUsed")));
  }

  private static <T> T read(String key, Function<String, T> reader, String value) {
    try {
      return reader.apply(value);
    } catch (IllegalArgumentException e) {
      throw new RecordProblem(key, e.getMessage());
    }
  }
}
