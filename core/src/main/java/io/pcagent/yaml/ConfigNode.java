package io.pcagent.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a configuration tree, read key by key into typed values. Every value can be overridden
 * (environment, flags) through the shared {@link ConfigOverrides}; every problem is recorded with its full
 * YAML path and reported together by {@link ConfigOverrides#finish()}. Keys nobody asked for are
 * "Unknown property" once {@link #done()} is called.
 */
public final class ConfigNode {
  private final String path;
  private final JsonNode node;
  private final ConfigOverrides overrides;
  private final Set<String> read = new HashSet<>();

  ConfigNode(String path, JsonNode node, ConfigOverrides overrides) {
    this.path = path;
    this.node = node;
    this.overrides = overrides;
    if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
      overrides.problem(displayPath() + ": expected a mapping, got " + describe(node));
    }
  }

  public ConfigNode child(String key) {
    read.add(key);
    return new ConfigNode(pathOf(key), field(key), overrides);
  }

  public String string(String key, String defaultValue) {
    return value(key, defaultValue, text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return text;
    });
  }

  public Optional<String> optionalString(String key) {
    return Optional.ofNullable(value(key, null, text -> text.isBlank() ? null : text));
  }

  public Path path(String key, Path defaultValue) {
    return value(key, defaultValue, text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return Path.of(text);
    });
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return value(key, defaultValue, text -> parseInteger(text, min, max));
  }

  private static int parseInteger(String text, int min, int max) {
    int parsed;
    try {
      parsed = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer, got '" + text + "'", e);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max + ", got " + parsed);
    }
    return parsed;
  }

  public OptionalInt optionalInteger(String key, int min, int max) {
    Integer value = value(key, null, text -> parseInteger(text, min, max));
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }

  /**
   * A mapping whose keys are data (paths, names), each to a single value, in file order; empty when the key is
   * absent. Its keys are not checked against a list; the caller checks each.
   */
  public Optional<Map<String, String>> stringMap(String key) {
    read.add(key);
    JsonNode value = field(key);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      overrides.problem(pathOf(key) + ": expected a mapping of name: value, got " + describe(value));
      return Optional.empty();
    }
    Map<String, String> entries = new LinkedHashMap<>();
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode entry = value.get(name);
      if (!entry.isValueNode()) {
        overrides.problem(pathOf(key) + "." + name + ": expected a single value, got " + describe(entry));
      } else {
        entries.put(name, entry.isNull() ? "" : entry.asText());
      }
    }
    return Optional.of(entries);
  }

  /** Records a problem with a key of this mapping that only the caller can see (say, two keys that go together). */
  public void problem(String key, String message) {
    overrides.problem(pathOf(key) + ": " + message);
  }

  public boolean bool(String key, boolean defaultValue) {
    return value(key, defaultValue, text -> switch (text.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    });
  }

  /** A duration such as {@code 500ms}, {@code 15s}, {@code 2m} or {@code 1h}, at least {@code min}. */
  public Duration duration(String key, Duration defaultValue, Duration min) {
    return value(key, defaultValue, text -> {
      Duration parsed = Durations.parse(text);
      if (parsed.compareTo(min) < 0) {
        throw new IllegalArgumentException("must be at least " + Durations.format(min) + ", got " + text.strip());
      }
      return parsed;
    });
  }

  /** Call once every key of this mapping was read: whatever is left is reported as unknown. */
  public void done() {
    if (!node.isObject()) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    List<String> unknown = new ArrayList<>();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        unknown.add(name);
      }
    }
    unknown.forEach(name -> overrides.problem(pathOf(name) + ": Unknown property"));
  }

  private <T> T value(String key, T defaultValue, Function<String, T> parse) {
    read.add(key);
    String fullPath = pathOf(key);
    Optional<String> override = overrides.take(fullPath);
    String text;
    if (override.isPresent()) {
      text = override.get();
    } else {
      JsonNode value = field(key);
      if (value.isMissingNode() || value.isNull()) {
        return defaultValue;
      }
      if (!value.isValueNode()) {
        overrides.problem(fullPath + ": expected a single value, got " + describe(value));
        return defaultValue;
      }
      text = value.asText();
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      overrides.problem(fullPath + ": " + e.getMessage());
      return defaultValue;
    }
  }

  private JsonNode field(String key) {
    return node.isObject() && node.has(key) ? node.get(key) : MissingNode.getInstance();
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String displayPath() {
    return path.isEmpty() ? "(root)" : path;
  }

  private static String describe(JsonNode value) {
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    return "'" + value.asText() + "'";
  }
}
