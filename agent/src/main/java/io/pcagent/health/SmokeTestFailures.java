package io.pcagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.runner.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The nodes a failed smoke test names, one line each: "node result: detail". */
final class SmokeTestFailures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SmokeTestFailures() {}

  static List<String> nodes(Run run) {
    List<String> items = new ArrayList<>();
    if (run.result().isEmpty()) {
      return items;
    }
    try {
      for (JsonNode node : JSON.readTree(run.result().get()).path("nodes")) {
        String result = node.path("result").asText();
        if (result.equals("fail") || result.equals("missing")) {
          items.add(node.path("node").asText() + " " + result + ": " + node.path("detail").asText());
        }
      }
    } catch (IOException e) {
      items.add("result unreadable: " + e.getMessage());
    }
    return items;
  }
}
