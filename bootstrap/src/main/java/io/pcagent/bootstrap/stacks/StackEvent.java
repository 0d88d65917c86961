package io.pcagent.bootstrap.stacks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** One line of a stack's history (DescribeStackEvents). */
public record StackEvent(String id, Instant timestamp, String logicalId, String type, String status, Optional<String> reason) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  public boolean failed() {
    return status.endsWith("_FAILED");
  }

  /** {@code 14:02:31  CREATE_FAILED  AWS::FSx::FileSystem  FSxLustre: reason}. */
  public String describe() {
    return TIME.format(timestamp) + "  " + status + "  " + type + "  " + logicalId + reason.map(r -> ": " + r).orElse("");
  }
}
