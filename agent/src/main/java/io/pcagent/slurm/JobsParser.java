package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one squeue call that lists every job in every state, arrays expanded, in a fixed delimited format
 * ({@link #FORMAT}), and its parser. The job name is last: it is the only free text, so a {@code |} in it
 * stays in the name.
 */
public final class JobsParser {
  private static final String SOURCE = "squeue";
  /** %i id, %F array job id, %A job id, %K array task id, %u user, %T state, %r reason, %P partition, %D nodes,
   *  %C cpus, %N node list, %V submit, %S start, %e end, %M elapsed, %l time limit, %j name. */
  public static final String FORMAT = "%i|%F|%A|%K|%u|%T|%r|%P|%D|%C|%N|%V|%S|%e|%M|%l|%j";
  private static final int FIELDS = 17;

  private JobsParser() {}

  /** Arguments after {@code squeue}: all partitions, all states, arrays expanded, no header. */
  public static List<String> arguments() {
    return List.of("--all", "--array", "--noheader", "--states=all", "--format=" + FORMAT);
  }

  /** Names of the format's fields, in order, for problems: what squeue's --format letters stand for. */
  private static final String[] FIELD_NAMES = {"JOBID", "ARRAY_JOB_ID", "JOB_ID", "ARRAY_TASK_ID", "USER", "STATE",
      "REASON", "PARTITION", "NODES", "CPUS", "NODELIST", "SUBMIT_TIME", "START_TIME", "END_TIME", "TIME", "TIME_LIMIT", "NAME"};

  public static Parsed<Job> parse(String output) {
    Interner interner = new Interner();
    return LineRecords.parse(SOURCE, output, Set.of(), JobsParser::recordName, line -> parseLine(line, interner));
  }

  /** A reader for the output a line at a time, as squeue prints it. */
  static LineRecords.Reader<Job> reader() {
    Interner interner = new Interner();
    return new LineRecords.Reader<>(SOURCE, Set.of(), JobsParser::recordName, line -> parseLine(line, interner));
  }

  private static Optional<String> recordName(String line) {
    int bar = line.indexOf('|');
    return bar <= 0 ? Optional.empty() : Optional.of("job " + LineRecords.abbreviate(line.substring(0, bar)));
  }

  private static Job parseLine(String line, Interner interner) {
    LineFields f = new LineFields(line, fieldBounds(line), interner);
    boolean arrayTask = !SlurmValues.isNone(f.value(3));
    return new Job(
        line.substring(0, f.end(0)), f.number(2),
        arrayTask ? Optional.of(f.number(1)) : Optional.empty(),
        f.optional(3),
        f.value(16), f.value(4), f.value(5),
        f.optional(6),
        f.value(7),
        (int) f.number(8),
        (int) f.number(9),
        f.optional(10),
        f.time(11), f.time(12), f.time(13),
        f.value(14),
        f.optional(15));
  }

  /** Where each field starts, and one past the line's end: field i is {@code [bounds[i], bounds[i + 1] - 1)}. */
  private static int[] fieldBounds(String line) {
    int[] bounds = new int[FIELDS + 1];
    int count = 1;
    for (int i = line.indexOf('|'); i >= 0 && count < FIELDS; i = line.indexOf('|', i + 1)) {
      bounds[count++] = i + 1;
    }
    if (count != FIELDS) {
      throw RecordProblem.ofRecord("expected " + FIELDS + " |-separated fields, got " + count
          + " in '" + LineRecords.abbreviate(line) + "'");
    }
    bounds[FIELDS] = line.length() + 1;
    return bounds;
  }

  /** The fields of one line, read in place: a value seen before is not copied, a number is read without a string. */
  private record LineFields(String line, int[] bounds, Interner interner) {
    int end(int index) {
      return bounds[index + 1] - 1;
    }

    String value(int index) {
      return interner.region(line, bounds[index], end(index));
    }

    Optional<String> optional(int index) {
      return interner.optional(value(index));
    }

    long number(int index) {
      try {
        return SlurmValues.number(line, bounds[index], end(index));
      } catch (IllegalArgumentException e) {
        throw new RecordProblem(FIELD_NAMES[index], e.getMessage());
      }
    }

    Optional<LocalDateTime> time(int index) {
      try {
        return interner.time(value(index));
      } catch (IllegalArgumentException e) {
        throw new RecordProblem(FIELD_NAMES[index], e.getMessage());
      }
    }
  }

}
