package io.pcagent.health;

import java.time.Instant;
import java.util.List;

public record HealthReport(HealthStatus status, Instant checkedAt, List<CheckResult> checks) {
  public HealthReport {
    checks = List.copyOf(checks);
  }

  public static HealthReport of(Instant checkedAt, List<CheckResult> checks) {
    HealthStatus status = checks.stream().map(CheckResult::status).reduce(HealthStatus.OK, HealthStatus::worst);
    return new HealthReport(status, checkedAt, checks);
  }
}
