package io.pcagent.http;

import io.pcagent.collect.Collector;
import io.pcagent.collect.Snapshot;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.JobStates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a job whose output is followed stands, from the agent's jobs snapshot: no Slurm call per stream (a stream that
 * asked squeue every 500 ms cost slurmctld two RPCs a second per client). Only a snapshot taken after the stream
 * began counts: the one before may predate the job. A job the snapshot no longer lists has ended.
 */
final class FollowedJob {
  private final Collector<List<Job>> jobs;
  private final long jobId;
  private final Optional<Instant> begun;

  FollowedJob(Collector<List<Job>> jobs, long jobId) {
    this.jobs = jobs;
    this.jobId = jobId;
    this.begun = jobs.current().status().lastSuccess();
  }

  /** The job's state in the first snapshot after the stream began; empty while there is none yet. */
  Optional<String> state() {
    Snapshot<List<Job>> snapshot = jobs.current();
    Optional<Instant> taken = snapshot.status().lastSuccess();
    if (snapshot.value().isEmpty() || taken.isEmpty() || begun.isPresent() && !taken.get().isAfter(begun.get())) {
      return Optional.empty();
    }
    return Optional.of(snapshot.value().get().stream().filter(job -> job.jobId() == jobId).map(Job::state)
        .findFirst().orElse("GONE"));
  }

  boolean ended() {
    return state().map(state -> state.equals("GONE") || JobStates.ended(state)).orElse(false);
  }
}
