package io.pcagent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code -v} for debug, {@code -vv} for trace; warnings and errors otherwise, info for this project. */
public final class LoggingOptions {
  @CommandLine.Option(
      names = {"-v", "--verbose"},
      description = "More log output on stderr: -v for debug, -vv for trace.",
      scope = CommandLine.ScopeType.INHERIT)
  void setVerbose(boolean[] verbose) {
    Level level = switch (verbose.length) {
      case 0 -> Level.INFO;
      case 1 -> Level.DEBUG;
      default -> Level.TRACE;
    };
    ((Logger) LoggerFactory.getLogger("io.pcagent")).setLevel(level);
    if (verbose.length > 1) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
    }
  }
}
