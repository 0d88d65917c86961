package io.pcagent.cli;

import io.pcagent.config.AgentConfig;
import io.pcagent.config.AgentConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value}, for every command that reads the agent's configuration. */
public final class ConfigOptions {
  @Option(names = "--config", description = "YAML configuration file (default: $PCAGENT_CONFIG, else built-in defaults).")
  Path config;

  @Option(names = "--set", description = "Override one setting, e.g. --set http.port=9811 (repeatable).")
  List<String> overrides = new ArrayList<>();

  AgentConfig load() {
    Optional<Path> path = Optional.ofNullable(config)
        .or(() -> Optional.ofNullable(System.getenv(AgentConfigLoader.CONFIG_FILE_ENV)).map(Path::of));
    return AgentConfigLoader.load(path, System.getenv(), overrides);
  }
}
