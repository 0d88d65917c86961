package io.pcagent.runner;

import io.pcagent.exec.CommandFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;

/** What the runner does for one kind of run: submit its Slurm job, and judge it once the job has ended. */
public interface RunHandler {
  /** The outcome of a run: a final state, a message for its history, and the result as JSON. */
  record Outcome(RunState state, String message, String result) {}

  /** The Slurm job name that carries the run id, so a restarted runner can find a job it did not record. */
  String jobName(String runId);

  /** Submits the run's job; empty when the run ends without one ({@link #judge} is then called with job 0). */
  OptionalLong submit(Run run) throws IOException, CommandFailedException;

  Outcome judge(Run run, long jobId, String jobState) throws IOException, CommandFailedException;

  /** How long the run may take before the runner cancels its job. */
  Duration timeout(Run run) throws IOException;
}
