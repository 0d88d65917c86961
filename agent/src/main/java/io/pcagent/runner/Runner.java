package io.pcagent.runner;

import io.pcagent.exec.CommandFailedException;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.slurm.JobStates;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job runner: claims queued runs, submits them to Slurm through their kind's {@link RunHandler}, follows
 * them to their end and records the outcome. Everything it knows is in the run store and in Slurm, so a runner
 * killed at any moment picks up where it was: {@link #reconcile()} matches every in-flight run with its Slurm
 * job (by id, or by the job name that carries the run id when the crash came between sbatch and the store),
 * and never submits a run twice. Runs of a kind it does itself on the head node ({@link LocalRuns}) are cleaned up
 * and requeued instead.
 */
public final class Runner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
  /** Slurm kills a job at its time limit; give it this long to say so before the runner cancels it. */
  private static final Duration TIMEOUT_GRACE = Duration.ofSeconds(60);
  /**
   * A claimed run whose job Slurm does not know was never submitted, provided the claim is recent: an ended
   * job stays visible for Slurm's MinJobAge (300 s by default). Older claims cannot be told apart from a job
   * that ran and was purged, so those fail rather than risk running twice.
   */
  private static final Duration SAFE_RELEASE = Duration.ofSeconds(120);
  private static final Duration CANCEL_RETRIES_FOR = Duration.ofMinutes(5);

  private final RunStore store;
  private final SlurmClient slurm;
  private final Map<RunKind, RunHandler> handlers;
  private final LocalRuns local;
  private final ImageDeletions.Deleter images;
  private final Clock clock;
  private final String owner;

  public Runner(RunStore store, SlurmClient slurm, Map<RunKind, RunHandler> handlers, Clock clock, String owner) {
    this(store, slurm, handlers, LocalRuns.none(store), clock, owner);
  }

  public Runner(RunStore store, SlurmClient slurm, Map<RunKind, RunHandler> handlers, LocalRuns local, Clock clock, String owner) {
    this(store, slurm, handlers, local, ImageDeletions.Deleter.NONE, clock, owner);
  }

  public Runner(RunStore store, SlurmClient slurm, Map<RunKind, RunHandler> handlers, LocalRuns local,
      ImageDeletions.Deleter images, Clock clock, String owner) {
    this.store = store;
    this.slurm = slurm;
    this.handlers = Map.copyOf(handlers);
    this.local = local;
    this.images = images;
    this.clock = clock;
    this.owner = owner;
  }

  /** After a (re)start: every run some runner claimed and did not finish is followed again, requeued or closed. */
  public void reconcile() throws SQLException {
    for (Run run : store.inFlight()) {
      if (local.handles(run.kind())) {
        local.recover(run);
        continue;
      }
      RunHandler handler = handlers.get(run.kind());
      if (run.slurmJobId().isPresent() || handler == null) {
        continue;
      }
      try {
        Optional<Long> job = slurm.findJobByName(handler.jobName(run.id()));
        if (job.isPresent()) {
          store.markSubmitted(run.id(), job.get());
          LOG.info("run {}: found its job {} after a restart", run.id(), job.get());
        } else if (Duration.between(run.updatedAt(), clock.instant()).compareTo(SAFE_RELEASE) < 0) {
          store.release(run.id(), "released after a restart: its job was never submitted");
        } else {
          store.finish(run.id(), RunState.FAILED, "job not found after restart", null, "job not found after restart");
        }
      } catch (CommandFailedException e) {
        LOG.warn("run {}: cannot reconcile yet: {}", run.id(), e.getMessage());
      }
    }
    follow();
  }

  /**
   * One pass: cancel and delete what the API asked to, submit or start what is queued (local kinds while they have
   * room), follow what runs.
   */
  public void tick() throws SQLException {
    cancelRequested();
    deleteRequested();
    Optional<Run> next;
    while ((next = store.claimNext(owner, claimable())).isPresent()) {
      if (local.handles(next.get().kind())) {
        local.start(next.get());
      } else {
        submit(next.get());
      }
    }
    follow();
  }

  /**
   * A request is done once scancel took it, or once the job has ended or is gone; one that fails while the job still
   * runs is tried again on the next pass, for {@link #CANCEL_RETRIES_FOR} at most.
   */
  private void cancelRequested() throws SQLException {
    CancelRequests requests = store.cancelRequests();
    for (CancelRequests.Request request : requests.pending()) {
      try {
        slurm.cancel(request.jobId());
        requests.done(request.jobId());
        LOG.info("cancelled job {} as asked over the API", request.jobId());
      } catch (CommandFailedException e) {
        Optional<String> state = stateOrEmpty(request.jobId());
        if (state.map(JobStates::ended).orElse(true)) {
          requests.done(request.jobId());
        } else if (Duration.between(request.requestedAt(), clock.instant()).compareTo(CANCEL_RETRIES_FOR) > 0) {
          requests.done(request.jobId());
          LOG.error("gave up cancelling job {} ({}) after {} s: {}", request.jobId(), state.get(), CANCEL_RETRIES_FOR.toSeconds(),
              e.getMessage());
        } else {
          LOG.warn("cannot cancel job {} now, will try again: {}", request.jobId(), e.getMessage());
        }
      }
    }
  }

  private void deleteRequested() throws SQLException {
    ImageDeletions deletions = store.imageDeletions();
    for (String name : deletions.pending()) {
      try {
        deletions.done(name, images.delete(name), null);
        LOG.info("image {}: deleted as asked over the API", name);
      } catch (IOException e) {
        deletions.done(name, ImageDeletions.Outcome.FAILED, e.getMessage());
        LOG.warn("image {}: cannot delete it: {}", name, e.getMessage());
      }
    }
  }

  private Optional<String> stateOrEmpty(long jobId) {
    try {
      return slurm.jobState(jobId);
    } catch (CommandFailedException e) {
      return Optional.of("state unknown: " + e.getMessage());
    }
  }

  private Set<RunKind> claimable() {
    Set<RunKind> kinds = EnumSet.allOf(RunKind.class);
    kinds.removeAll(local.full());
    return kinds;
  }

  @Override
  public void close() {
    local.close();
  }

  private void submit(Run run) throws SQLException {
    RunHandler handler = handlers.get(run.kind());
    if (handler == null) {
      store.finish(run.id(), RunState.FAILED, "unsupported kind", null, "this runner does not run " + run.kind().label() + " runs");
      return;
    }
    try {
      OptionalLong job = handler.submit(run);
      if (job.isPresent()) {
        store.markSubmitted(run.id(), job.getAsLong());
      } else {
        record(run, handler.judge(run, 0, "NOT_SUBMITTED"));
      }
    } catch (IOException | CommandFailedException | RuntimeException e) {
      store.finish(run.id(), RunState.FAILED, "could not submit", null, String.valueOf(e.getMessage()));
    }
  }

  private void follow() throws SQLException {
    for (Run run : store.inFlight()) {
      RunHandler handler = handlers.get(run.kind());
      if (run.slurmJobId().isEmpty() || handler == null) {
        continue;
      }
      long job = run.slurmJobId().getAsLong();
      try {
        Optional<String> state = slurm.jobState(job);
        if (state.isEmpty()) {
          store.finish(run.id(), RunState.FAILED, "job not found", null, "Slurm job " + job + " not found (after restart or purged)");
        } else if (JobStates.ended(state.get())) {
          record(run, handler.judge(run, job, state.get()));
        } else if (state.get().equals("RUNNING") && run.state() == RunState.SUBMITTED) {
          store.markRunning(run.id());
        } else if (Duration.between(run.createdAt(), clock.instant()).compareTo(handler.timeout(run).plus(TIMEOUT_GRACE)) > 0) {
          slurm.cancel(job);
          record(run, handler.judge(run, job, "CANCELLED_AFTER_TIMEOUT"));
        }
      } catch (CommandFailedException | IOException e) {
        LOG.warn("run {}: cannot follow job {} now: {}", run.id(), job, e.getMessage());
      }
    }
  }

  private void record(Run run, RunHandler.Outcome outcome) throws SQLException {
    store.finish(run.id(), outcome.state(), outcome.message(), outcome.result(),
        outcome.state() == RunState.SUCCEEDED ? null : outcome.message());
  }
}
