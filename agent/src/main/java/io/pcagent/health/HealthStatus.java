package io.pcagent.health;

import java.util.Locale;

/** In order of severity; the overall status is the worst of its checks. */
public enum HealthStatus {
  OK, DEGRADED, FAILING;

  public HealthStatus worst(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
