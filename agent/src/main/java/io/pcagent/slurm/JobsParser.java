package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  public static List<Job> parse(String output) {
    List<Job> jobs = new ArrayList<>();
    Interner interner = new Interner();
    String[] lines = output.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\\|", FIELDS);
      if (f.length != FIELDS) {
        throw new SlurmParseException(SOURCE, i + 1, "expected " + FIELDS + " |-separated fields, got " + f.length
            + " in '" + NodesParser.abbreviate(line) + "'");
      }
      try {
        long jobId = SlurmValues.number(f[2]);
        long arrayJobId = SlurmValues.number(f[1]);
        boolean arrayTask = !SlurmValues.isNone(f[3]);
        jobs.add(new Job(
            f[0], jobId,
            arrayTask ? Optional.of(arrayJobId) : Optional.empty(),
            interner.optional(f[3]),
            interner.string(f[16]), interner.string(f[4]), interner.string(f[5]),
            interner.optional(f[6]),
            interner.string(f[7]),
            (int) SlurmValues.number(f[8]),
            (int) SlurmValues.number(f[9]),
            interner.optional(f[10]),
            interner.time(f[11]), interner.time(f[12]), interner.time(f[13]),
            interner.string(f[14]),
            interner.optional(f[15])));
      } catch (IllegalArgumentException e) {
        throw new SlurmParseException(SOURCE, i + 1, "job " + f[0] + ": " + e.getMessage());
      }
    }
    return jobs;
  }
}
