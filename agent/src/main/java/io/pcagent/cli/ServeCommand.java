package io.pcagent.cli;

import io.pcagent.app.AgentRuntime;
import io.pcagent.config.AgentConfig;
import io.pcagent.error.ExitCode;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the agent daemon: background Slurm snapshots, the HTTP API and /metrics, until SIGTERM.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions configuration;

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig agentConfig = configuration.load();
    CountDownLatch stopped = new CountDownLatch(1);
    AgentRuntime runtime = AgentRuntime.start(agentConfig, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.close();
      stopped.countDown();
    }, "agent-stop"));
    stopped.await();
    return ExitCode.OK.code();
  }

}
