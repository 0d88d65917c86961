package io.pcagent.slurm;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of {@code scontrol show job -o} the agent uses: state, exit code, and the output paths Slurm
 * writes (the only files the job output API ever reads).
 */
public record JobDetails(long jobId, String state, String exitCode, Optional<String> stdOut, Optional<String> stdErr) {
  private static final KeyValueLine.Keys KEYS = KeyValueLine.Keys.of("JobId", "JobState", "ExitCode", "StdOut", "StdErr");

  static JobDetails parse(String line) {
    Fields fields = new Fields(KeyValueLine.parse(line, KEYS, new Interner()));
    try {
      return new JobDetails(fields.number("JobId"), fields.required("JobState"), Objects.requireNonNullElse(fields.raw("ExitCode"), ""),
          fields.text("StdOut"), fields.text("StdErr"));
    } catch (RecordProblem e) {
      throw new SlurmParseException("scontrol show job", e.field() + ": " + e.getMessage());
    }
  }

  /** {@code 0:0} (exit code 0, no signal). */
  public boolean exitedCleanly() {
    return exitCode.equals("0:0");
  }
}
