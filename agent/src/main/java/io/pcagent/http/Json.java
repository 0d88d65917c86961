package io.pcagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.ByteBuf;
import io.vertx.core.http.HttpServerResponse;

/** Writes JSON bodies; field names come from the views (see {@link Views}), documented in docs/api/openapi.yaml. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /**
   * A body serialized ahead, off the event loop, into pooled direct memory ({@link Bodies}: a health report naming
   * thousands of nodes is megabytes), to be sent once with its status: sending frees it.
   */
  record Written(int status, ByteBuf body) {
    static Written of(int status, Object body) {
      return new Written(status, Bodies.written(out -> MAPPER.writeValue(out, body)));
    }

    void send(HttpServerResponse response) {
      Bodies.end(body, () -> response.setStatusCode(status).putHeader("Content-Type", "application/json"));
    }
  }

  static void send(HttpServerResponse response, int status, Object body) {
    try {
      response.setStatusCode(status).putHeader("Content-Type", "application/json").end(MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      new Problem(500, "Internal Server Error", "could not write the response: " + e.getOriginalMessage()).send(response);
    }
  }
}
