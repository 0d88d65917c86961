package io.pcagent.bootstrap.stacks;

import io.pcagent.cli.ProgressLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Shows a stack's events as they happen and, below them, a bar of its resources done out of the total:
 * {@code [########------------] 7/12 resources  2 min 05 s  CREATE_IN_PROGRESS}.
 */
public final class StackProgress {
  private static final int WIDTH = 20;

  private final ProgressLine line;
  private final Clock clock;
  private final Instant started;
  private final String stackName;
  private final Set<String> doneStatuses;
  private final int total;
  private final Map<String, String> latest = new HashMap<>();

  public StackProgress(ProgressLine line, Clock clock, String stackName, Set<String> doneStatuses, int total) {
    this.line = line;
    this.clock = clock;
    this.started = clock.instant();
    this.stackName = stackName;
    this.doneStatuses = Set.copyOf(doneStatuses);
    this.total = total;
  }

  public static StackProgress creation(ProgressLine line, Clock clock, String stackName, int total) {
    return new StackProgress(line, clock, stackName, Set.of("CREATE_COMPLETE"), total);
  }

  public static StackProgress deletion(ProgressLine line, Clock clock, String stackName, int total) {
    return new StackProgress(line, clock, stackName, Set.of("DELETE_COMPLETE", "DELETE_SKIPPED"), total);
  }

  public void event(StackEvent event) {
    line.note("  " + event.describe());
    if (!event.type().equals("AWS::CloudFormation::Stack") || !event.logicalId().equals(stackName)) {
      latest.put(event.logicalId(), event.status());
    }
  }

  public void status(String stackStatus) {
    long done = latest.values().stream().filter(doneStatuses::contains).count();
    int filled = total == 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
    line.show(String.format("[%s%s] %d/%d resources  %s  %s", "#".repeat(filled), "-".repeat(WIDTH - filled), done, total,
        ProgressLine.elapsed(Duration.between(started, clock.instant())), stackStatus));
  }

  public void done() {
    line.done();
  }
}
