package io.pcagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.jobs.JobRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The body of {@code POST /v1/jobs}, validated field by field; every problem names its field. */
final class JobBody {
  private static final Set<String> FIELDS = Set.of("script", "name", "partition", "nodes", "ntasksPerNode", "timeLimit", "env");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
  private static final Pattern TIME_LIMIT = Pattern.compile("\\d{1,6}|\\d{1,4}:\\d{2}(:\\d{2})?|\\d{1,3}-\\d{1,2}(:\\d{2}(:\\d{2})?)?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final int MAX_ENV = 64;

  private JobBody() {}

  static JobRequest parse(String body, int maxScriptBytes) {
    JsonNode root = JsonBody.object(body, FIELDS);
    return new JobRequest(
        script(root.get("script"), maxScriptBytes),
        text(root, "name").map(name -> matching("name", name, NAME, "letters, digits, . _ - (at most 64)")).orElse("api-job"),
        text(root, "partition").map(p -> matching("partition", p, NAME, "a partition name")).orElse(null),
        JsonBody.integer(root, "nodes", 1, 1, 10_000),
        JsonBody.integer(root, "ntasksPerNode", 1, 1, 1024),
        text(root, "timeLimit").map(t -> matching("timeLimit", t, TIME_LIMIT, "a Slurm time limit such as 30, 2:00:00 or 1-00:00:00"))
            .orElse(null),
        env(root.get("env")));
  }

  private static String script(JsonNode value, int maxBytes) {
    if (value == null || !value.isTextual()) {
      throw JsonBody.bad("script", "is required: the batch script, as a string starting with #!");
    }
    String script = value.asText();
    if (script.indexOf('\0') >= 0) {
      throw JsonBody.bad("script", "contains a NUL byte");
    }
    if (!script.startsWith("#!")) {
      throw JsonBody.bad("script", "must start with #! (an interpreter line such as #!/bin/bash)");
    }
    int bytes = script.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw JsonBody.bad("script", "is " + bytes + " bytes, at most " + maxBytes);
    }
    return script;
  }

  private static Map<String, String> env(JsonNode value) {
    Map<String, String> env = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return env;
    }
    if (!value.isObject()) {
      throw JsonBody.bad("env", "must be an object of names to string values");
    }
    if (value.size() > MAX_ENV) {
      throw JsonBody.bad("env", "has " + value.size() + " variables, at most " + MAX_ENV);
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      if (!ENV_NAME.matcher(field.getKey()).matches() || field.getKey().startsWith("SLURM_")) {
        throw JsonBody.bad("env", "'" + field.getKey() + "' is not an allowed variable name (letters, digits, _; not SLURM_*)");
      }
      if (!field.getValue().isTextual() || field.getValue().asText().indexOf('\0') >= 0 || field.getValue().asText().length() > 4096) {
        throw JsonBody.bad("env." + field.getKey(), "must be a string of at most 4096 characters without NUL");
      }
      env.put(field.getKey(), field.getValue().asText());
    }
    return env;
  }

  private static Optional<String> text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw JsonBody.bad(field, "must be a string");
    }
    return Optional.of(value.asText());
  }

  private static String matching(String field, String value, Pattern pattern, String what) {
    if (!pattern.matcher(value).matches()) {
      throw JsonBody.bad(field, "'" + value.replaceAll("\\p{Cntrl}", "?") + "' is not " + what);
    }
    return value;
  }
}
