package io.pcagent.cli;

import io.pcagent.app.AgentRuntime;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AgentConfigLoader;
import io.pcagent.error.ExitCode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the agent daemon: background Slurm snapshots, the HTTP API and /metrics, until SIGTERM.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML configuration file (default: $PCAGENT_CONFIG, else built-in defaults).")
  Path config;

  @Option(names = "--set", description = "Override one setting, e.g. --set http.port=9811 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig agentConfig = load(config, overrides);
    CountDownLatch stopped = new CountDownLatch(1);
    AgentRuntime runtime = AgentRuntime.start(agentConfig, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.close();
      stopped.countDown();
    }, "agent-stop"));
    stopped.await();
    return ExitCode.OK.code();
  }

  static AgentConfig load(Path file, List<String> overrides) {
    Optional<Path> path = Optional.ofNullable(file)
        .or(() -> Optional.ofNullable(System.getenv(AgentConfigLoader.CONFIG_FILE_ENV)).map(Path::of));
    return AgentConfigLoader.load(path, System.getenv(), overrides);
  }
}
