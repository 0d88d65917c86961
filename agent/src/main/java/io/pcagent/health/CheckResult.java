package io.pcagent.health;

import java.util.List;

/**
 * One health check's verdict. {@code items} names what is wrong, one entry each (a node with its state,
 * reason and since when), so an operator does not have to run sinfo to learn it.
 */
public record CheckResult(String name, HealthStatus status, String detail, List<String> items) {
  public CheckResult {
    items = List.copyOf(items);
  }

  public static CheckResult ok(String name, String detail) {
    return new CheckResult(name, HealthStatus.OK, detail, List.of());
  }
}
