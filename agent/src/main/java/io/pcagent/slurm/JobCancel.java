package io.pcagent.slurm;

import io.pcagent.exec.CommandFailedException;

/** The one write the agent's API makes to Slurm ({@code scancel}); apart from {@link SlurmReads} so reads stay reads. */
@FunctionalInterface
public interface JobCancel {
  void cancel(long jobId) throws CommandFailedException;
}
