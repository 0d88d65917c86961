package io.pcagent.slurm;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of {@code scontrol show job -o} the agent uses: state, exit code, and the output paths Slurm
 * writes (the only files the job output API ever reads).
 */
public record JobDetails(long jobId, String state, String exitCode, Optional<String> stdOut, Optional<String> stdErr) {
  private static final Set<String> KEYS = Set.of("JobId", "JobState", "ExitCode", "StdOut", "StdErr");

  static JobDetails parse(String line) {
    Map<String, String> fields = KeyValueLine.parse(line, KEYS);
    return new JobDetails(
        SlurmValues.number(SlurmValues.required(fields, "JobId")),
        SlurmValues.required(fields, "JobState"),
        fields.getOrDefault("ExitCode", ""),
        SlurmValues.text(fields, "StdOut"),
        SlurmValues.text(fields, "StdErr"));
  }

  /** {@code 0:0} (exit code 0, no signal). */
  public boolean exitedCleanly() {
    return exitCode.equals("0:0");
  }
}
