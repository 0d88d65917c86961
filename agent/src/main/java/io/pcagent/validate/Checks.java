package io.pcagent.validate;

import java.util.List;
import java.util.OptionalInt;

/** The cluster-level checks both validation paths share. */
final class Checks {
  private Checks() {}

  static ValidationReport.Check expectedNodes(int present, OptionalInt expected) {
    if (expected.isEmpty()) {
      return new ValidationReport.Check("expected-nodes", "pass",
          present + " nodes (no expected count: neither --expect-nodes nor health.expectedNodes)");
    }
    int missing = expected.getAsInt() - present;
    return new ValidationReport.Check("expected-nodes", missing <= 0 ? "pass" : "fail",
        present + " nodes known to Slurm, " + expected.getAsInt() + " expected" + (missing > 0 ? ": " + missing + " missing" : ""));
  }

  static ValidationReport.Check usableNodes(List<String> unavailable, int total) {
    if (unavailable.isEmpty()) {
      return new ValidationReport.Check("usable-nodes", "pass", "no node down, drained or not responding");
    }
    return new ValidationReport.Check("usable-nodes", "fail",
        unavailable.size() + " of " + total + " out of service: " + String.join("; ", unavailable));
  }

  static ValidationReport.Check smokeTest(String verdict, String id, long passed, int nodes) {
    return new ValidationReport.Check("smoke-test", verdict.equals("pass") ? "pass" : "fail",
        "smoke test " + id + ": " + verdict + ", " + passed + " of " + nodes + " nodes passed");
  }
}
