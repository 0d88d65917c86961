package io.pcagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem details: every error the API returns, as {@code application/problem+json}. */
public record Problem(int status, String title, String detail) {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static Problem badRequest(String detail) {
    return new Problem(400, "Bad Request", detail);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "Not Found", detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "Forbidden", detail);
  }

  public void send(HttpServerResponse response) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    try {
      response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }
}
