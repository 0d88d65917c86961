package io.pcagent.bootstrap.cli;

import io.pcagent.error.PcagentException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --poll-seconds}: how often a command that waits looks again. */
final class PollOptions {
  @Option(names = "--poll-seconds", description = "Seconds between two looks while waiting (default: ${DEFAULT-VALUE}).")
  int pollSeconds = 15;

  Duration interval() {
    if (pollSeconds < 0 || pollSeconds > 3600) {
      throw PcagentException.usage("--poll-seconds must be from 0 to 3600, got " + pollSeconds);
    }
    return Duration.ofSeconds(pollSeconds);
  }
}
