package io.pcagent.testing.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.testing.aws.FakeAws.Reply;
import java.util.LinkedHashMap;
import java.util.Map;

/** The AWS JSON 1.1 protocol's answers: {@code application/x-amz-json-1.1}, errors with {@code __type}. */
final class FakeJson {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String TYPE = "application/x-amz-json-1.1";

  private FakeJson() {}

  static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + body, e);
    }
  }

  static Reply ok(Object body) {
    try {
      return Reply.of(200, TYPE, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Reply error(int status, String type, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("__type", type);
    if (message != null) {
      body.put("Message", message);
    }
    Reply reply = ok(body);
    return new Reply(status, reply.contentType(), reply.body(), Map.of("x-amzn-ErrorType", type));
  }
}
