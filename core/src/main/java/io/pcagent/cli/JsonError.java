package io.pcagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.error.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A command's failure as the JSON object {@code --output json} promises on stdout: {@code {"message": ..., "exitCode": N}}. */
final class JsonError {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonError() {}

  static String of(String message, ExitCode code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("exitCode", code.code());
    try {
      return JSON.writeValueAsString(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of a string and a number is always JSON", e);
    }
  }
}
