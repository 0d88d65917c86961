package io.pcagent.smoke;

import java.util.List;

/**
 * One expected node's outcome: {@code pass}, {@code fail} (with the failed checks and why), {@code missing}
 * (it never reported) or {@code skipped} (powered down, not asked to wake).
 */
public record NodeResult(String node, String result, List<String> failures, String detail) {
  public NodeResult {
    failures = List.copyOf(failures);
  }
}
