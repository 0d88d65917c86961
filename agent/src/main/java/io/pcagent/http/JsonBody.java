package io.pcagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.TreeSet;

/** What every JSON request body shares: an object, only known fields, typed values; problems name the field. */
final class JsonBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBody() {}

  /** The body as a JSON object ({@code {}} when empty), after rejecting fields outside {@code fields}. */
  static JsonNode object(String body, Set<String> fields) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ProblemException(Problem.badRequest("body is not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new ProblemException(Problem.badRequest("body must be a JSON object"));
    }
    Set<String> unknown = new TreeSet<>();
    root.fieldNames().forEachRemaining(name -> {
      if (!fields.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw new ProblemException(Problem.badRequest("unknown field" + (unknown.size() > 1 ? "s" : "") + ": "
          + String.join(", ", unknown) + " (allowed: " + String.join(", ", new TreeSet<>(fields)) + ")"));
    }
    return root;
  }

  static int integer(JsonNode root, String field, int fallback, int min, int max) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      throw bad(field, "must be an integer from " + min + " to " + max + ", got " + abbreviate(value.toString()));
    }
    return value.asInt();
  }

  static boolean bool(JsonNode root, String field, boolean fallback) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw bad(field, "must be true or false, got " + abbreviate(value.toString()));
    }
    return value.asBoolean();
  }

  static ProblemException bad(String field, String message) {
    return new ProblemException(Problem.badRequest(field + ": " + message));
  }

  /** A value as it can be shown back: control characters replaced, at most 60 characters. */
  static String abbreviate(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
  }
}
