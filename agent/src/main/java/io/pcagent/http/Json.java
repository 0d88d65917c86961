package io.pcagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes JSON bodies; field names come from the views (see {@link Views}), documented in docs/api/openapi.yaml. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /** A body serialized ahead (off the event loop), to be sent with its status. */
  record Written(int status, byte[] body) {
    void send(HttpServerResponse response) {
      response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }
  }

  static byte[] write(Object body) throws JsonProcessingException {
    return MAPPER.writeValueAsBytes(body);
  }

  static void send(HttpServerResponse response, int status, Object body) {
    try {
      response.setStatusCode(status).putHeader("Content-Type", "application/json").end(MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      new Problem(500, "Internal Server Error", "could not write the response: " + e.getOriginalMessage()).send(response);
    }
  }
}
