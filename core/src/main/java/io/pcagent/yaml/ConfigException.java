package io.pcagent.yaml;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.util.List;

/** Every problem found in one configuration, each naming its YAML path. Exit code: usage. */
public final class ConfigException extends PcagentException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(ExitCode.USAGE, String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
