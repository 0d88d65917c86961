package io.pcagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.Snapshot;
import io.pcagent.concurrent.Waits;
import io.pcagent.config.JobsConfig;
import io.pcagent.jobs.JobRequest;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunKind;
import io.pcagent.runner.RunState;
import io.pcagent.runner.RunStore;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.JobStates;
import io.pcagent.slurm.Partition;
import io.pcagent.slurm.SlurmReads;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Jobs over HTTP, all behind the token: submit (queued as a run; the runner submits it as the job user),
 * cancel (asked of the runner through the run store), and read or follow the job's output. Slurm and the run store are called on worker threads only.
 */
final class JobRoutes implements RouteGroup {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a submission waits for the runner to hand the job to Slurm before answering without its id. */
  private static final Duration SUBMIT_WAIT = Duration.ofSeconds(10);
  private static final Duration SUBMIT_POLL = Duration.ofMillis(200);
  private final Waits waits = Waits.system();
  private static final Duration FRESH_WAIT = Duration.ofSeconds(5);
  private static final long MAX_LIMIT = 16L * 1024 * 1024;
  /** Followers hold a thread while their job runs: a pool of their own keeps them off the shared worker pool. */
  private static final int OUTPUT_THREADS = 64;

  private final RunStore store;
  private final SlurmReads slurm;
  private final ClusterCollectors collectors;
  private final Handler<RoutingContext> authenticated;
  private final int maxScriptBytes;
  private final boolean cancelAnyJob;
  private WorkerExecutor outputPool;

  JobRoutes(RunStore store, SlurmReads slurm, ClusterCollectors collectors, Handler<RoutingContext> authenticated, JobsConfig jobs) {
    this.store = store;
    this.slurm = slurm;
    this.collectors = collectors;
    this.authenticated = authenticated;
    this.maxScriptBytes = jobs.maxScriptBytes();
    this.cancelAnyJob = jobs.cancelAnyJob();
  }

  @Override
  public void mount(Router router) {
    router.post("/v1/jobs").handler(authenticated).handler(BodyHandler.create(false).setBodyLimit(maxScriptBytes + 64L * 1024))
        .handler(ctx -> {
          QueryParameters.check(ctx.queryParams(), Set.of());
          JobRequest request = JobBody.parse(ctx.body().asString(), maxScriptBytes);
          List<Partition> partitions = collectors.partitions().current().value().orElse(List.of());
          if (request.partition() != null && !partitions.isEmpty()
              && partitions.stream().noneMatch(p -> p.name().equals(request.partition()))) {
            throw new ProblemException(Problem.badRequest("partition: '" + request.partition() + "' does not exist"));
          }
          String parameters = write(request);
          Blocking.run(ctx, () -> submitted(store.insert(RunKind.JOB, parameters)), run -> {
            ctx.response().putHeader("Location", "/v1/jobs/" + run.id());
            Json.send(ctx.response(), 202, view(run));
          });
        });
    router.get("/v1/jobs/:id").handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("fresh"));
      String id = ctx.pathParam("id");
      Blocking.run(ctx, () -> submission(id, query.flag("fresh")), body -> Json.send(ctx.response(), 200, body));
    });
    router.delete("/v1/jobs/:id").handler(authenticated).handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      String id = ctx.pathParam("id");
      Blocking.run(ctx, () -> cancel(id), body -> Json.send(ctx.response(), 202, body));
    });
    router.get("/v1/jobs/:id/output").handler(authenticated).handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("stream", "offset", "limit", "follow"));
      String stream = query.get("stream").orElse("stdout");
      if (!stream.equals("stdout") && !stream.equals("stderr")) {
        throw new ProblemException(Problem.badRequest("stream: expected stdout or stderr, got '" + stream + "'"));
      }
      long offset = number(query, "offset", 0, Long.MAX_VALUE).orElse(0L);
      boolean follow = query.flag("follow");
      long limit = number(query, "limit", 1, MAX_LIMIT).orElse(follow ? -1L : MAX_LIMIT);
      String id = ctx.pathParam("id");
      JobOutput output = new JobOutput(slurm, collectors.jobs());
      Blocking.run(ctx, outputPool(ctx), () -> {
        long jobId = slurmJobId(id);
        Path file = output.path(jobId, stream, follow);
        ctx.response().setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8")
            .putHeader("X-Job-Id", Long.toString(jobId));
        long next = output.stream(file, jobId, offset, limit, follow, ctx.response());
        return next;
      }, next -> ctx.response().end());
    });
  }

  private synchronized WorkerExecutor outputPool(RoutingContext ctx) {
    if (outputPool == null) {
      outputPool = ctx.vertx().createSharedWorkerExecutor("job-output", OUTPUT_THREADS);
    }
    return outputPool;
  }

  /** Waits a little for the runner to submit, so the answer usually carries the Slurm job id. */
  private Run submitted(Run run) throws Exception {
    Run[] last = {run};
    return waits.until(SUBMIT_WAIT, SUBMIT_POLL, () -> {
      last[0] = store.find(run.id()).orElse(last[0]);
      return last[0].slurmJobId().isPresent() || last[0].state().isFinal() ? Optional.of(last[0]) : Optional.empty();
    }).orElse(last[0]);
  }

  /**
   * A job submitted over the API, by its run id: the submission, and the Slurm job once Slurm has it. With fresh, from
   * a read of Slurm started after the request (shared and rate limited as every refresh), since whoever asks about
   * their own submission has usually just changed it.
   */
  private Map<String, Object> submission(String id, boolean fresh) throws SQLException, InterruptedException {
    Run run = store.find(id).filter(r -> r.kind() == RunKind.JOB)
        .orElseThrow(() -> new ProblemException(Problem.notFound("no job run " + id)));
    Map<String, Object> body = view(run);
    OptionalLong jobId = run.slurmJobId();
    Snapshot<List<Job>> jobs = collectors.jobs().current();
    boolean olderThanTheRun = jobs.status().lastAttempt().map(read -> read.isBefore(run.updatedAt())).orElse(true);
    // a snapshot that predates the submission gets one read more, not a job that seems to be lost
    if (fresh || (jobId.isPresent() && job(jobs, jobId.getAsLong()).isEmpty() && olderThanTheRun)) {
      jobs = collectors.jobs().awaitFresh(FRESH_WAIT);
    }
    Optional<Job> job = jobId.isEmpty() ? Optional.empty() : job(jobs, jobId.getAsLong());
    body.put("job", job.map(Views::job).orElse(null));
    return body;
  }

  private static Optional<Job> job(Snapshot<List<Job>> jobs, long jobId) {
    return jobs.value().orElse(List.of()).stream().filter(j -> j.jobId() == jobId && j.arrayTaskId().isEmpty()).findFirst();
  }

  /**
   * Cancels by run id or Slurm job id: the runner does the scancel within its next pass (runs.poll). Cancelling what
   * already ended answers with its state (idempotent).
   */
  private Map<String, Object> cancel(String id) throws Exception {
    Optional<Run> run = id.startsWith("r-") ? store.find(id).filter(r -> r.kind() == RunKind.JOB) : Optional.empty();
    if (run.isPresent() && run.get().slurmJobId().isEmpty()) {
      if (!run.get().state().isFinal()) {
        store.finish(id, RunState.CANCELLED, "cancelled before submission", null, "cancelled over the API");
      }
      return Map.of("id", id, "cancelled", true);
    }
    long jobId = run.map(r -> r.slurmJobId().getAsLong()).orElseGet(() -> parseJobId(id));
    Optional<String> state = slurm.jobState(jobId);
    if (state.isEmpty() && run.isEmpty()) {
      throw new ProblemException(Problem.notFound("no job " + id));
    }
    if (run.isEmpty() && !cancelAnyJob && store.findBySlurmJobId(jobId).isEmpty()) {
      // the runner cancels as root, and Slurm lets root cancel anybody's job: the token is for the agent's own work
      throw new ProblemException(new Problem(403, "Forbidden", "job " + jobId + " was not submitted by the agent: the token "
          + "cancels only the agent's own jobs (API jobs and smoke tests); jobs.cancelAnyJob: true lets it cancel any job"));
    }
    if (state.isPresent() && !JobStates.ended(state.get())) {
      store.cancelRequests().request(jobId);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("jobId", jobId);
    body.put("cancelled", true);
    body.put("state", state.orElse(null));
    return body;
  }

  private long slurmJobId(String id) throws Exception {
    if (id.startsWith("r-")) {
      Run run = store.find(id).filter(r -> r.kind() == RunKind.JOB)
          .orElseThrow(() -> new ProblemException(Problem.notFound("no job run " + id)));
      return run.slurmJobId().orElseThrow(() -> new ProblemException(Problem.notFound("run " + id + " has no Slurm job yet")));
    }
    long jobId = parseJobId(id);
    List<Job> jobs = collectors.jobs().current().value().orElse(List.of());
    if (!jobs.isEmpty() && jobs.stream().noneMatch(j -> j.jobId() == jobId) && slurm.jobState(jobId).isEmpty()) {
      throw new ProblemException(Problem.notFound("no job " + id));
    }
    return jobId;
  }

  private static long parseJobId(String id) {
    if (!id.matches("\\d{1,10}")) {
      throw new ProblemException(Problem.badRequest("job id must be a Slurm job id (42) or a run id (r-...), got '" + id + "'"));
    }
    return Long.parseLong(id);
  }

  private static Optional<Long> number(QueryParameters query, String name, long min, long max) {
    return query.get(name).map(text -> {
      try {
        long value = Long.parseLong(text);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ProblemException(Problem.badRequest(name + ": expected an integer from " + min + " to " + max + ", got '" + text + "'"));
    });
  }

  private static Map<String, Object> view(Run run) {
    Map<String, Object> view = RunRoutes.view(run, Optional.empty());
    view.remove("parameters");
    return view;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
