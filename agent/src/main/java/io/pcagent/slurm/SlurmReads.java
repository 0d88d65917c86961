package io.pcagent.slurm;

import io.pcagent.exec.CommandFailedException;
import java.util.Optional;

/**
 * What the agent reads from Slurm. {@link SlurmClient} runs the commands; tests read fixture files instead, so the
 * collectors, metrics, health checks, planner and HTTP views are tested without daemons. A thrown
 * {@link CommandFailedException} means Slurm did not answer; records Slurm printed that could not be read come
 * back as problems beside the others.
 */
public interface SlurmReads {
  Parsed<Node> nodes() throws CommandFailedException;

  Parsed<Job> jobs() throws CommandFailedException;

  Parsed<Partition> partitions() throws CommandFailedException;

  SchedulerStats scheduler() throws CommandFailedException;

  /** A job's state as squeue reports it (any state), or empty when Slurm no longer knows the job. */
  Optional<String> jobState(long jobId) throws CommandFailedException;

  /** What {@code scontrol show job} says of one job, or empty when Slurm no longer knows it. */
  Optional<JobDetails> jobDetails(long jobId) throws CommandFailedException;
}
