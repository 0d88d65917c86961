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

  SettingsFile file() {
    if (!output.equals("text") && !output.equals("json")) {
      throw PcagentException.usage("--output must be text or json, got '" + output + "'");
    }
    return new SettingsFile(configDir);
  }

  void print(PrintWriter out, Map<SettingKey, String> values) {
    if (output.equals("json")) {
      Map<String, String> json = new LinkedHashMap<>();
      values.forEach((key, value) -> json.put(key.name(), value));
      try {
        out.println(JSON.writeValueAsString(json));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      values.forEach((key, value) -> out.println(key.name() + ": " + value));
    }
    out.flush();
  }
}
