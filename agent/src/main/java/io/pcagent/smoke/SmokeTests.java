package io.pcagent.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.slurm.JobStates;
import io.pcagent.slurm.SlurmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs smoke tests on the cluster: plan, submit one batch job, follow it, read the verdict. Each step is
 * separate so that the runner can survive a restart between them (the plan is kept in the run folder).
 */
public final class SmokeTests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLAN = "plan.json";

  private final SlurmClient slurm;
  private final Path runsDir;

  public SmokeTests(SlurmClient slurm, Path runsDir) {
    this.slurm = slurm;
    this.runsDir = runsDir;
  }

  public record Submitted(SmokeTestPlan plan, long jobId) {}

  public Path runDir(String runId) {
    return runsDir.resolve(runId);
  }

  /** Plans against the nodes as Slurm sees them now and submits the job. */
  public Submitted submit(String runId, SmokeTestRequest request) throws CommandFailedException, IOException {
    SmokeTestPlan plan = SmokeTestPlanner.plan(request, slurm.nodes().records());
    Path dir = runDir(runId);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(PLAN), JSON.writeValueAsString(plan));
    if (plan.runnable().isEmpty()) {
      return new Submitted(plan, 0);
    }
    List<String> args = new ArrayList<>(SmokeJobFiles.write(dir, runId, plan, slurm.binDir()));
    if ("root".equals(System.getProperty("user.name"))) {
      // The runner's unit runs root with Group=pcagent, and a job keeps its submitter's group: slurmd then refuses
      // every step's credential ("job N credential created for gid 997, expected 0", Invalid job credential; seen
      // under systemd in HeadNodeSystemdIT). Root's job runs with root's own group.
      args.add(0, "--gid=0");
    }
    String out = slurm.run("sbatch", args.toArray(String[]::new)).strip();
    try {
      return new Submitted(plan, Long.parseLong(out.split(";")[0]));
    } catch (NumberFormatException e) {
      throw new PcagentException(ExitCode.INTERNAL, "sbatch --parsable answered '" + out + "'", e);
    }
  }

  /** The Slurm job name of a run's job: how a restarted runner finds a job it submitted but did not record. */
  public static String jobName(String runId) {
    return "pcagent-smoke-" + runId;
  }

  public SmokeTestPlan plan(String runId) throws IOException {
    return JSON.readValue(runDir(runId).resolve(PLAN).toFile(), SmokeTestPlan.class);
  }

  public Optional<String> jobState(long jobId) throws CommandFailedException {
    return slurm.jobState(jobId);
  }

  public void cancel(long jobId) throws CommandFailedException {
    slurm.cancel(jobId);
  }

  /** The verdict from whatever the job printed (nothing, when it never ran). */
  public SmokeResult collect(String runId, SmokeTestPlan plan, long jobId, String jobState, Duration took) throws IOException {
    return SmokeOutput.evaluate(plan, readIfThere(runDir(runId).resolve(SmokeJobFiles.STDOUT)),
        readIfThere(runDir(runId).resolve(SmokeJobFiles.STDERR)), jobId, jobState, took.toMillis() / 1000.0);
  }

  private static String readIfThere(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  /** Submits and follows the job to its end (cancelling it past the request's timeout): the direct path. */
  public SmokeResult runToEnd(String runId, SmokeTestRequest request, Duration poll)
      throws CommandFailedException, IOException, InterruptedException {
    return runToEnd(runId, request, poll, progress -> { });
  }

  /** As {@link #runToEnd(String, SmokeTestRequest, Duration)}, telling {@code onProgress} at each poll. */
  public SmokeResult runToEnd(String runId, SmokeTestRequest request, Duration poll, Consumer<SmokeProgress> onProgress)
      throws CommandFailedException, IOException, InterruptedException {
    long started = System.nanoTime();
    Submitted submitted = submit(runId, request);
    if (submitted.jobId() == 0) {
      return collect(runId, submitted.plan(), 0, "NOT_SUBMITTED", Duration.ZERO);
    }
    long deadline = started + Duration.ofSeconds(request.timeoutSeconds()).toNanos();
    String state = "PENDING";
    while (true) {
      Optional<String> current = jobState(submitted.jobId());
      state = current.orElse("VANISHED");
      if (current.isEmpty() || JobStates.ended(state)) {
        break;
      }
      SmokeProgress.of(runDir(runId)).ifPresent(onProgress);
      if (System.nanoTime() > deadline) {
        cancel(submitted.jobId());
        state = "CANCELLED_AFTER_TIMEOUT";
        break;
      }
      Thread.sleep(poll.toMillis());
    }
    SmokeProgress.of(runDir(runId)).ifPresent(onProgress);
    return collect(runId, submitted.plan(), submitted.jobId(), state, Duration.ofNanos(System.nanoTime() - started));
  }
}
