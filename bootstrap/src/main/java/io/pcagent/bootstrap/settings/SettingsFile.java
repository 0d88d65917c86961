package io.pcagent.bootstrap.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * config.yaml, the file the hands-on builds with yq: a flat mapping of the {@link SettingKey}s to strings. Read
 * strictly (unknown keys and bad values are errors naming the key), written back human-editable in key order,
 * atomically, and only when every value is valid.
 */
public final class SettingsFile {
  public static final String NAME = "config.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path file;

  public SettingsFile(Path configDir) {
    this.file = configDir.resolve(NAME);
  }

  public Path path() {
    return file;
  }

  public boolean exists() {
    return Files.isRegularFile(file);
  }

  /** The values in the file, validated. */
  public Map<SettingKey, String> read() {
    Map<SettingKey, String> values = parse();
    check(values);
    return values;
  }

  /**
   * Sets {@code KEY=VALUE} assignments (an empty value removes the key) and writes the file if all is valid;
   * with {@code dryRun}, only says what the file would hold.
   */
  public Map<SettingKey, String> set(List<String> assignments, boolean dryRun) {
    Map<SettingKey, String> values = exists() ? parse() : new EnumMap<>(SettingKey.class);
    List<String> problems = new ArrayList<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      Optional<SettingKey> key = eq > 0 ? SettingKey.of(assignment.substring(0, eq)) : Optional.empty();
      if (eq <= 0) {
        problems.add(assignment + ": expected KEY=VALUE");
      } else if (key.isEmpty()) {
        problems.add(assignment.substring(0, eq) + ": Unknown property");
      } else if (assignment.substring(eq + 1).isEmpty()) {
        values.remove(key.get());
      } else {
        values.put(key.get(), assignment.substring(eq + 1));
      }
    }
    if (!problems.isEmpty()) {
      throw new PcagentException(ExitCode.USAGE, String.join("\n", problems));
    }
    check(values);
    if (!dryRun) {
      write(values);
    }
    return values;
  }

  /** The warning for a head node of {@code vcpus} when that is fewer than the hands-on's wait condition allows, else empty. */
  public static Optional<String> headNodeWarning(String type, int vcpus) {
    return vcpus < SettingRules.MIN_HEAD_NODE_VCPUS ? Optional.of(SettingRules.headNodeWarning(type, vcpus)) : Optional.empty();
  }

  /**
   * What the values allow but the hands-on advises against, read from the values alone: a head node too small by the
   * size in its name. Whether INSTANCE has EFA is EC2's to say: {@code pcluster-bootstrap instance-types}.
   */
  public static List<String> warnings(Map<SettingKey, String> values) {
    return SettingRules.headNodeWarning(values).stream().toList();
  }

  private Map<SettingKey, String> parse() {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new PcagentException(ExitCode.USAGE, file + ": no such file (create it with: pcluster-bootstrap init)");
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : ": line " + e.getLocation().getLineNr();
      throw new PcagentException(ExitCode.USAGE, file + where + ": not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, file + ": cannot be read: " + e.getMessage(), e);
    }
    Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values;
    }
    if (!root.isObject()) {
      throw new PcagentException(ExitCode.USAGE, file + ": expected a mapping of KEY: value");
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      Optional<SettingKey> key = SettingKey.of(field.getKey());
      if (key.isEmpty()) {
        problems.add(field.getKey() + ": Unknown property");
      } else if (!field.getValue().isValueNode() || field.getValue().isNull()) {
        problems.add(field.getKey() + ": expected a single value");
      } else {
        values.put(key.get(), field.getValue().asText());
      }
    }
    if (!problems.isEmpty()) {
      throw new PcagentException(ExitCode.USAGE, String.join("\n", problems));
    }
    return values;
  }

  private static void check(Map<SettingKey, String> values) {
    List<String> problems = SettingRules.problems(values);
    if (!problems.isEmpty()) {
      throw new PcagentException(ExitCode.USAGE, String.join("\n", problems));
    }
  }

  private void write(Map<SettingKey, String> values) {
    StringBuilder yaml = new StringBuilder("# pcluster-bootstrap settings (the hands-on's config.yaml); edit freely.\n");
    values.forEach((key, value) -> yaml.append(key.name()).append(": \"")
        .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".config", ".yaml");
      Files.writeString(temporary, yaml);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, file + ": cannot be written: " + e.getMessage(), e);
    }
  }
}
