package io.pcagent.slurm;

import io.pcagent.config.SlurmConfig;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Slurm commands the agent reads the cluster with: fixed text formats, never {@code --json} (slow at
 * scale, and its layout changes from release to release). Times in the standard ISO form.
 */
public final class SlurmClient {
  private final CommandRunner runner;
  private final SlurmConfig config;

  public SlurmClient(CommandRunner runner, SlurmConfig config) {
    this.runner = runner;
    this.config = config;
  }

  public List<Node> nodes() throws CommandFailedException {
    return NodesParser.parse(run("scontrol", "show", "nodes", "-o"));
  }

  public List<Job> jobs() throws CommandFailedException {
    return JobsParser.parse(run("squeue", JobsParser.arguments().toArray(String[]::new)));
  }

  public List<Partition> partitions() throws CommandFailedException {
    return PartitionsParser.parse(run("scontrol", "show", "partitions", "-o"));
  }

  public SchedulerStats scheduler() throws CommandFailedException {
    return SdiagParser.parse(run("sdiag"));
  }

  /** Runs one Slurm program with this agent's binaries, slurm.conf, time format, timeout and output cap. */
  public String run(String program, String... args) throws CommandFailedException {
    List<String> argv = new ArrayList<>();
    argv.add(config.binDir().map(dir -> dir.resolve(program).toString()).orElse(program));
    argv.addAll(List.of(args));
    return runner.run(command(argv)).stdout();
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
