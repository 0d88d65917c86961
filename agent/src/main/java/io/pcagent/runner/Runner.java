package io.pcagent.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.smoke.SmokeResult;
import io.pcagent.smoke.SmokeTestPlan;
import io.pcagent.smoke.SmokeTestRequest;
import io.pcagent.smoke.SmokeTests;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job runner: claims queued runs, submits them to Slurm, follows them to their end and records the
 * outcome. Everything it knows is in the run store and in Slurm, so a runner killed at any moment picks up
 * where it was: {@link #reconcile()} matches every in-flight run with its Slurm job (by id, or by the job name
 * that carries the run id when the crash came between sbatch and the store), and never submits a run twice.
 */
public final class Runner {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Slurm kills a job at its time limit; give it this long to say so before the runner cancels it. */
  private static final Duration TIMEOUT_GRACE = Duration.ofSeconds(60);

  private final RunStore store;
  private final SmokeTests smokeTests;
  private final Clock clock;
  private final String owner;

  public Runner(RunStore store, SmokeTests smokeTests, Clock clock, String owner) {
    this.store = store;
    this.smokeTests = smokeTests;
    this.clock = clock;
    this.owner = owner;
  }

  /** After a (re)start: every run some runner claimed and did not finish is followed again or closed. */
  public void reconcile() throws SQLException {
    for (Run run : store.inFlight()) {
      try {
        if (run.slurmJobId().isEmpty()) {
          Optional<Long> job = smokeTests.findJobByName(SmokeTests.jobName(run.id()));
          if (job.isPresent()) {
            store.markSubmitted(run.id(), job.get());
            LOG.info("run {}: found its job {} after a restart", run.id(), job.get());
          } else {
            store.finish(run.id(), RunState.FAILED, "job not found after restart", null, "job not found after restart");
          }
        }
      } catch (CommandFailedException e) {
        LOG.warn("run {}: cannot reconcile yet: {}", run.id(), e.getMessage());
      }
    }
    follow();
  }

  /** One pass: submit what is queued, follow what runs. */
  public void tick() throws SQLException {
    Optional<Run> next;
    while ((next = store.claimNext(owner)).isPresent()) {
      submit(next.get());
    }
    follow();
  }

  private void submit(Run run) throws SQLException {
    if (run.kind() != RunKind.SMOKE_TEST) {
      store.finish(run.id(), RunState.FAILED, "unsupported kind", null, "this runner does not run " + run.kind().label() + " runs");
      return;
    }
    try {
      SmokeTestRequest request = JSON.readValue(run.parameters(), SmokeTestRequest.class);
      SmokeTests.Submitted submitted = smokeTests.submit(run.id(), request);
      if (submitted.jobId() == 0) {
        finishSmokeTest(run, submitted.plan(), 0, "NOT_SUBMITTED");
      } else {
        store.markSubmitted(run.id(), submitted.jobId());
      }
    } catch (IOException | CommandFailedException | RuntimeException e) {
      store.finish(run.id(), RunState.FAILED, "could not submit", null, String.valueOf(e.getMessage()));
    }
  }

  private void follow() throws SQLException {
    for (Run run : store.inFlight()) {
      if (run.slurmJobId().isEmpty() || !run.kind().equals(RunKind.SMOKE_TEST)) {
        continue;
      }
      long job = run.slurmJobId().getAsLong();
      try {
        Optional<String> state = smokeTests.jobState(job);
        SmokeTestPlan plan = smokeTests.plan(run.id());
        if (state.isEmpty()) {
          store.finish(run.id(), RunState.FAILED, "job not found", null, "Slurm job " + job + " not found (after restart or purged)");
        } else if (SmokeTests.ended(state.get())) {
          finishSmokeTest(run, plan, job, state.get());
        } else if (state.get().equals("RUNNING") && run.state() == RunState.SUBMITTED) {
          store.markRunning(run.id());
        } else if (Duration.between(run.createdAt(), clock.instant())
            .compareTo(Duration.ofSeconds(plan.request().timeoutSeconds()).plus(TIMEOUT_GRACE)) > 0) {
          smokeTests.cancel(job);
          finishSmokeTest(run, plan, job, "CANCELLED_AFTER_TIMEOUT");
        }
      } catch (CommandFailedException | IOException e) {
        LOG.warn("run {}: cannot follow job {} now: {}", run.id(), job, e.getMessage());
      }
    }
  }

  private void finishSmokeTest(Run run, SmokeTestPlan plan, long job, String jobState) throws SQLException, IOException {
    SmokeResult result = smokeTests.collect(run.id(), plan, job, jobState, Duration.between(run.createdAt(), clock.instant()));
    RunState state = result.passed() ? RunState.SUCCEEDED : RunState.FAILED;
    String message = "verdict " + result.verdict() + ": " + result.count("pass") + " passed, " + result.count("fail")
        + " failed, " + result.count("missing") + " missing, " + result.count("skipped") + " skipped";
    store.finish(run.id(), state, message, JSON.writeValueAsString(result), result.passed() ? null : message);
  }
}
