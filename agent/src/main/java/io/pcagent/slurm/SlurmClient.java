package io.pcagent.slurm;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Slurm commands the agent reads the cluster with: fixed text formats, never {@code --json} (slow at
 * scale, and its layout changes from release to release). Times in the standard ISO form.
 */
public final class SlurmClient implements SlurmReads {
  private final CommandRunner runner;
  private final SlurmSettings config;

  public SlurmClient(CommandRunner runner, SlurmSettings config) {
    this.runner = runner;
    this.config = config;
  }

  /**
   * Read as scontrol prints it, a line at a time: 50,000 nodes are 50 MB of text that is never held whole. Detailed
   * ({@code -d}): allocated GPUs are in GresUsed, which Slurm sends only then ({@link NodesParser}).
   */
  @Override
  public Parsed<Node> nodes() throws CommandFailedException {
    LineRecords.Reader<Node> reader = NodesParser.reader();
    runner.runLines(command(argv("scontrol", "-d", "show", "nodes", "-o")), reader::accept);
    return reader.result();
  }

  /** Read as squeue prints it, a line at a time. */
  @Override
  public Parsed<Job> jobs() throws CommandFailedException {
    LineRecords.Reader<Job> reader = JobsParser.reader();
    runner.runLines(command(argv("squeue", JobsParser.arguments().toArray(String[]::new))), reader::accept);
    return reader.result();
  }

  @Override
  public Parsed<Partition> partitions() throws CommandFailedException {
    return PartitionsParser.parse(run("scontrol", "show", "partitions", "-o"));
  }

  @Override
  public SchedulerStats scheduler() throws CommandFailedException {
    return SdiagParser.parse(run("sdiag"));
  }

  @Override
  public Optional<String> jobState(long jobId) throws CommandFailedException {
    return aboutJob("squeue", "--noheader", "--states=all", "--jobs=" + jobId, "--format=%T")
        .map(String::strip).filter(state -> !state.isEmpty()).flatMap(state -> state.lines().findFirst());
  }

  /** The id of a job by name, in any state Slurm still remembers. */
  public Optional<Long> findJobByName(String name) throws CommandFailedException {
    String out = run("squeue", "--noheader", "--states=all", "--name=" + name, "--format=%A").strip();
    return out.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(out.lines().findFirst().orElseThrow().strip()));
  }

  @Override
  public Optional<JobDetails> jobDetails(long jobId) throws CommandFailedException {
    return aboutJob("scontrol", "show", "job", "-o", Long.toString(jobId))
        .flatMap(out -> out.lines().filter(l -> l.startsWith("JobId=")).findFirst()).map(JobDetails::parse);
  }

  /**
   * The output of a command about one job, or empty when Slurm answers "Invalid job id" (it no longer knows the
   * job: squeue and scontrol exit 1 then). Any other failure is thrown.
   */
  private Optional<String> aboutJob(String program, String... args) throws CommandFailedException {
    CommandResult result = runner.runAllowingFailure(command(argv(program, args)));
    if (result.exitCode() == 0) {
      return Optional.of(result.stdout());
    }
    if (result.stderr().contains("Invalid job id")) {
      return Optional.empty();
    }
    throw new CommandFailedException(result.argv(), result.exitCode(), result.stdout(), result.stderr(), false, "failed", null);
  }

  /** scancel: the runner's, as root (the agent asks it through the run store's cancel requests). */
  public void cancel(long jobId) throws CommandFailedException {
    run("scancel", Long.toString(jobId));
  }

  /** Runs one Slurm program with this agent's binaries, slurm.conf, time format, timeout and output cap. */
  public String run(String program, String... args) throws CommandFailedException {
    return runner.run(command(argv(program, args))).stdout();
  }

  private List<String> argv(String program, String... args) {
    List<String> argv = new ArrayList<>(List.of(program(program)));
    argv.addAll(List.of(args));
    return argv;
  }

  /** The path of a Slurm program, in the configured folder (never looked up on the PATH). */
  public String program(String program) {
    return config.binDir().resolve(program).toString();
  }

  /** Where the Slurm programs are: scripts that run on compute nodes call them from there too. */
  public Path binDir() {
    return config.binDir();
  }

  /** slurm.conf where it is not in Slurm's default place. */
  public Optional<Path> conf() {
    return config.conf();
  }

  public Command command(List<String> argv) {
    return Command.of(argv).withEnvironment(environment()).withTimeout(config.commandTimeout())
        .withOutputLimit(config.outputLimitBytes());
  }

  public Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("SLURM_TIME_FORMAT", "standard");
    config.conf().ifPresent(conf -> environment.put("SLURM_CONF", conf.toString()));
    return environment;
  }
}
