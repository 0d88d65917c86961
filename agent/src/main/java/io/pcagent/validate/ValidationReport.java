package io.pcagent.validate;

import io.pcagent.smoke.NodeResult;
import java.util.List;

/**
 * The outcome of a post-create validation: the cluster checks, then the smoke test's per-node results.
 * Pass only when every check passed (skipped ones aside).
 *
 * @param mode "agent" (through the agent's API) or "direct" (straight to Slurm)
 */
public record ValidationReport(String mode, List<Check> checks, List<NodeResult> nodes) {
  public ValidationReport {
    checks = List.copyOf(checks);
    nodes = List.copyOf(nodes);
  }

  /** One cluster-level check: status pass, fail or skipped. */
  public record Check(String name, String status, String detail) {}

  public boolean passed() {
    return !checks.isEmpty() && checks.stream().noneMatch(c -> c.status().equals("fail"));
  }

  public String verdict() {
    return passed() ? "pass" : "fail";
  }
}
