package io.pcagent.bootstrap.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.settings.SettingsFile;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config-dir}, {@code --output} and {@code --dry-run}: what every bootstrap command takes. */
public final class SettingsOptions {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--config-dir", description = "Folder of config.yaml (default: the current folder).")
  Path configDir = Path.of(".");

  @Option(names = "--output", description = "text or json (default: ${DEFAULT-VALUE}).")
  String output = "text";

  @Option(names = "--dry-run", description = "Say what would change; change nothing.")
  boolean dryRun;

  /** The value of a key that this command cannot do without. */
  String required(Map<SettingKey, String> values, SettingKey key) {
    String value = values.get(key);
    if (value == null) {
      throw PcagentException.usage(key.name() + " is not set in " + new SettingsFile(configDir).path()
          + " (pcluster-bootstrap set " + key.name() + "=...)");
    }
    return value;
  }

  boolean json() {
    return output.equals("json");
  }

  /** Prints a command's result: as JSON, or as {@code key: value} lines. */
  void printResult(PrintWriter out, Map<String, ?> result) {
    if (json()) {
      try {
        out.println(JSON.writeValueAsString(result));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      result.forEach((key, value) -> out.println(key + ": " + value));
    }
    out.flush();
  }

  SettingsFile file() {
    if (!output.equals("text") && !output.equals("json")) {
      throw PcagentException.usage("--output must be text or json, got '" + output + "'");
    }
    return new SettingsFile(configDir);
  }

  void print(PrintWriter out, Map<SettingKey, String> values) {
    Map<String, String> byName = new LinkedHashMap<>();
    values.forEach((key, value) -> byName.put(key.name(), value));
    printResult(out, byName);
  }
}
