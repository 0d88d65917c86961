package io.pcagent.smoke;

import java.util.List;

/** A smoke test's verdict: pass only when every expected node passed (skipped nodes are not expected to). */
public record SmokeResult(String verdict, List<NodeResult> nodes, long jobId, String jobState, double durationSeconds) {
  public SmokeResult {
    nodes = List.copyOf(nodes);
  }

  public boolean passed() {
    return verdict.equals("pass");
  }

  public long count(String result) {
    return nodes.stream().filter(n -> n.result().equals(result)).count();
  }
}
