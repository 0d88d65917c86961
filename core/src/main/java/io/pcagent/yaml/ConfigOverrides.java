package io.pcagent.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One configuration read: the YAML tree, the overrides on top of it, and the problems found so far.
 *
 * <p>Precedence, lowest first: built-in defaults, the YAML file, environment variables, flags. An
 * environment variable names a YAML path in capitals with {@code _} for {@code .} after a prefix
 * ({@code PCAGENT_HTTP_PORT} is {@code http.port}); a flag names the path itself ({@code --set http.port=9811}).
 * An override that matches no property is an error, like an unknown YAML key.
 */
public final class ConfigOverrides {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode tree;
  private final Map<String, Override> pending = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private record Override(String origin, String value) {}

  private ConfigOverrides(JsonNode tree) {
    this.tree = tree;
  }

  public static ConfigOverrides fromYaml(String yaml, String origin) {
    try {
      JsonNode tree = YAML.readTree(yaml);
      return new ConfigOverrides(tree == null ? MissingNode.getInstance() : tree);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null
          ? origin
          : origin + ": line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException(List.of(where + ": not valid YAML: " + e.getOriginalMessage()));
    }
  }

  public static ConfigOverrides fromFile(Path file) {
    try {
      return fromYaml(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
    }
  }

  public static ConfigOverrides empty() {
    return new ConfigOverrides(MissingNode.getInstance());
  }

  /** Environment variables that start with {@code prefix} (say {@code PCAGENT_}), except those in {@code ignored}. */
  public ConfigOverrides withEnvironment(Map<String, String> environment, String prefix, List<String> ignored) {
    environment.forEach((name, value) -> {
      if (name.startsWith(prefix) && !ignored.contains(name)) {
        pending.put(canonical(name.substring(prefix.length())), new Override(name, value));
      }
    });
    return this;
  }

  /** Flags of the form {@code path.to.key=value}. */
  public ConfigOverrides withFlags(List<String> assignments) {
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        problems.add(assignment + ": expected key=value");
        continue;
      }
      pending.put(canonical(assignment.substring(0, eq)), new Override(assignment.substring(0, eq), assignment.substring(eq + 1)));
    }
    return this;
  }

  public ConfigNode root() {
    return new ConfigNode("", tree, this);
  }

  /** Throws every problem found, overrides that matched nothing included; returns quietly when there are none. */
  public void finish() {
    pending.values().forEach(o -> problems.add(o.origin() + ": Unknown property"));
    pending.clear();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  Optional<String> take(String path) {
    return Optional.ofNullable(pending.remove(canonical(path))).map(Override::value);
  }

  void problem(String message) {
    problems.add(message);
  }

  private static String canonical(String path) {
    return path.toLowerCase(Locale.ROOT).replace('.', '_');
  }
}
