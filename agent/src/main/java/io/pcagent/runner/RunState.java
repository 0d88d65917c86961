package io.pcagent.runner;

import java.util.Locale;

/** Where a run is. queued -> submitted -> running -> succeeded | failed | cancelled; only the last three are final. */
public enum RunState {
  QUEUED, SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunState fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
