package io.pcagent.exec;

import java.time.Duration;
import java.util.List;

/** What a command that ran to its end left behind. Output beyond the command's cap is dropped and flagged. */
public record CommandResult(
    List<String> argv,
    int exitCode,
    String stdout,
    String stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    Duration elapsed) {

  public CommandResult {
    argv = List.copyOf(argv);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}
