package io.pcagent.bootstrap.stacks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A CloudFormation stack as DescribeStacks reports it. */
public record Stack(String id, String name, String status, Optional<String> reason, Map<String, String> outputs) {
  public Stack {
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  public boolean inProgress() {
    return status.endsWith("_IN_PROGRESS");
  }

  /** Created and usable: after a creation, an update, or an update that was rolled back to the last good state. */
  public boolean usable() {
    return status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE") || status.equals("UPDATE_ROLLBACK_COMPLETE");
  }
}
