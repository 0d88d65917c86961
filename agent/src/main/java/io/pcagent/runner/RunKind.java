package io.pcagent.runner;

import java.util.Locale;

/** What a run does. */
public enum RunKind {
  SMOKE_TEST, JOB, IMAGE_IMPORT;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static RunKind fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
