package io.pcagent.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunHandler;
import io.pcagent.runner.RunState;
import io.pcagent.slurm.JobDetails;
import io.pcagent.slurm.SlurmClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Batch jobs submitted over the API, run as the configured unprivileged user (never root): the script goes
 * into a run folder that user owns, {@code sbatch} runs through {@code runuser}, and the outcome is the job's
 * state and exit code as Slurm reports them.
 *
 * <p>The folder keeps the group of the runs folder and passes it on (mode 2750), and the job's umask is 0027: the
 * output files Slurm creates there on the compute nodes are then readable by that group, which the installer makes
 * the agent's ({@code pcluster-agent prepare}), so that the agent, running as its own user, can serve them. Other
 * users read nothing. The job's environment is {@link JobEnvironment}'s: the job user's and the request's, nothing
 * of the runner's.
 */
public final class JobHandler implements RunHandler {
  public static final String SCRIPT = "job.sh";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration NO_TIMEOUT = Duration.ofDays(366);
  /** rwxr-s---: the owner's, readable by the group, which new files and folders inside inherit. */
  private static final int RUN_DIR_MODE = 02750;

  private final SlurmClient slurm;
  private final CommandRunner runner;
  private final Path runsDir;
  private final String user;

  public JobHandler(SlurmClient slurm, CommandRunner runner, Path runsDir, String user) {
    this.slurm = slurm;
    this.runner = runner;
    this.runsDir = runsDir;
    this.user = user;
  }

  public static String jobNameOf(String runId) {
    return "pcagent-job-" + runId;
  }

  @Override
  public String jobName(String runId) {
    return jobNameOf(runId);
  }

  @Override
  public OptionalLong submit(Run run) throws IOException, CommandFailedException {
    JobRequest request = JSON.readValue(run.parameters(), JobRequest.class);
    Path dir = runsDir.resolve(run.id());
    Files.createDirectories(dir);
    Path script = dir.resolve(SCRIPT);
    Files.writeString(script, request.script());
    UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
    Files.setOwner(script, owner);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Files.setOwner(dir, owner);
    Files.setAttribute(dir, "unix:mode", RUN_DIR_MODE);
    List<String> argv = new ArrayList<>(List.of("runuser", "-u", user, "--", slurm.program("sbatch"), "--parsable",
        "--job-name=" + jobNameOf(run.id()), "--comment=" + request.name(), "--nodes=" + request.nodes(), "--ntasks-per-node=" + request.ntasksPerNode(),
        "--output=" + dir.resolve("slurm-%j.out"), "--error=" + dir.resolve("slurm-%j.err"), "--chdir=" + dir,
        "--export=ALL"));
    if (request.partition() != null) {
      argv.add("--partition=" + request.partition());
    }
    if (request.timeLimit() != null) {
      argv.add("--time=" + request.timeLimit());
    }
    argv.add(script.toString());
    JobEnvironment.Account account = JobEnvironment.Account.parse(runner.run(Command.of("getent", "passwd", user)).stdout());
    Command command = slurm.command(argv)
        .withOnlyEnvironment(JobEnvironment.of(account, request.env(), slurm.binDir(), slurm.conf()))
        .withWorkingDirectory(dir);
    String out = runner.run(command).stdout().strip();
    return OptionalLong.of(Long.parseLong(out.split(";")[0]));
  }

  @Override
  public Outcome judge(Run run, long jobId, String jobState) throws CommandFailedException, IOException {
    Optional<JobDetails> details = slurm.jobDetails(jobId);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("jobId", jobId);
    result.put("state", details.map(JobDetails::state).orElse(jobState));
    result.put("exitCode", details.map(JobDetails::exitCode).orElse(null));
    result.put("stdout", details.flatMap(JobDetails::stdOut).orElse(null));
    result.put("stderr", details.flatMap(JobDetails::stdErr).orElse(null));
    boolean succeeded = jobState.equals("COMPLETED") && details.map(JobDetails::exitedCleanly).orElse(false);
    RunState state = jobState.startsWith("CANCELLED") ? RunState.CANCELLED : succeeded ? RunState.SUCCEEDED : RunState.FAILED;
    String message = "job " + jobId + " " + jobState + details.map(d -> ", exit code " + d.exitCode()).orElse("");
    return new Outcome(state, message, JSON.writeValueAsString(result));
  }

  @Override
  public Duration timeout(Run run) {
    return NO_TIMEOUT;
  }
}
