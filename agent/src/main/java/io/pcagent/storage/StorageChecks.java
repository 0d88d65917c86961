package io.pcagent.storage;

import io.pcagent.health.CheckResult;
import java.util.List;

/** One health check per expected mount, named {@code storage:<mount point>}. */
public final class StorageChecks {
  public static final String PREFIX = "storage:";

  private StorageChecks() {}

  public static List<CheckResult> of(List<MountStatus> statuses) {
    return statuses.stream()
        .map(s -> new CheckResult(PREFIX + s.mountPoint(), s.status(), s.mountPoint() + ": " + s.why(), List.of()))
        .toList();
  }
}
