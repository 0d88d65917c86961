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
    String[] f = line.split("\\|", FIELDS);
    if (f.length != FIELDS) {
      throw RecordProblem.ofRecord("expected " + FIELDS + " |-separated fields, got " + f.length
          + " in '" + LineRecords.abbreviate(line) + "'");
    }
    boolean arrayTask = !SlurmValues.isNone(f[3]);
    return new Job(
        f[0], number(f, 2),
        arrayTask ? Optional.of(number(f, 1)) : Optional.empty(),
        interner.optional(f[3]),
        interner.string(f[16]), interner.string(f[4]), interner.string(f[5]),
        interner.optional(f[6]),
        interner.string(f[7]),
        (int) number(f, 8),
        (int) number(f, 9),
        interner.optional(f[10]),
        time(f, 11, interner), time(f, 12, interner), time(f, 13, interner),
        interner.string(f[14]),
        interner.optional(f[15]));
  }

  private static long number(String[] fields, int index) {
    try {
      return SlurmValues.number(fields[index]);
    } catch (IllegalArgumentException e) {
      throw new RecordProblem(FIELD_NAMES[index], e.getMessage());
    }
  }

  private static Optional<LocalDateTime> time(String[] fields, int index, Interner interner) {
    try {
      return interner.time(fields[index]);
    } catch (IllegalArgumentException e) {
      throw new RecordProblem(FIELD_NAMES[index], e.getMessage());
    }
  }
}
