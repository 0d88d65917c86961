package io.pcagent.cli;

import io.pcagent.app.RunnerWiring;
import io.pcagent.config.AgentConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.runner.RunStore;
import io.pcagent.runner.Runner;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "runner",
    mixinStandardHelpOptions = true,
    description = "Run the job-runner daemon: claims queued runs (smoke tests, jobs), submits them to Slurm, does image "
        + "imports on this node, records their outcome. Safe to kill at any moment: on start it reconciles every unfinished run with Slurm.")
public final class RunnerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerCommand.class);

  @Mixin ConfigOptions configuration;

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig agentConfig = configuration.load();
    String owner = "runner-" + ProcessHandle.current().pid();
    try (RunStore store = RunStore.open(agentConfig.runs().store(), Clock.systemUTC());
        Runner runner = RunnerWiring.runner(store, agentConfig, Clock.systemUTC(), owner)) {
      LOG.info("{} on {}, runs in {}", owner, agentConfig.runs().store(), agentConfig.runs().dir());
      runner.reconcile();
      while (!Thread.currentThread().isInterrupted()) {
        runner.tick();
        Thread.sleep(agentConfig.runs().poll().toMillis());
      }
      return ExitCode.OK.code();
    } catch (SQLException e) {
      throw new PcagentException(ExitCode.FAILURE, "run store " + agentConfig.runs().store() + ": " + e.getMessage(), e);
    }
  }
}
