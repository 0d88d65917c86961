package io.pcagent.bootstrap.render;

import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's {@code HeadNode.CustomActions.OnNodeConfigured} entry: the staged postinstall script, and as its
 * arguments the agent bundle's URI, its sha256 (the script refuses a bundle that does not match) and agent options.
 */
public record AgentAction(String script, String bundle, String sha256, List<String> options) {
  public AgentAction {
    options = List.copyOf(options);
    if (!script.matches("(s3|https)://\\S+")) {
      throw new IllegalArgumentException("--agent-script must be an s3:// or https:// URI, got '" + script + "'");
    }
    if (!bundle.matches("(s3|https)://\\S+")) {
      throw new IllegalArgumentException("--agent-bundle must be an s3:// or https:// URI, got '" + bundle + "'");
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("--agent-sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
  }

  List<String> args() {
    return Stream.concat(Stream.of(bundle, sha256), options.stream()).toList();
  }
}
