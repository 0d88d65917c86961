package io.pcagent.exec;

import java.util.List;

/**
 * A command that could not start, exited non-zero or ran past its timeout. Carries what an operator needs
 * to reproduce it: the argument list, the exit code (-1 when it never exited by itself) and the tail of stderr.
 */
public final class CommandFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Exit code reported when the process did not exit on its own (never started, or killed on timeout). */
  public static final int NO_EXIT_CODE = -1;

  private final List<String> argv;
  private final int exitCode;
  private final String stderrTail;
  private final boolean timedOut;
  private final String stdout;

  public CommandFailedException(
      List<String> argv, int exitCode, String stdout, String stderrTail, boolean timedOut, String reason, Throwable cause) {
    super(describe(argv, exitCode, stderrTail, timedOut, reason), cause);
    this.argv = List.copyOf(argv);
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderrTail = stderrTail;
    this.timedOut = timedOut;
  }

  private static String describe(List<String> argv, int exitCode, String stderrTail, boolean timedOut, String reason) {
    StringBuilder message = new StringBuilder(String.join(" ", argv)).append(": ").append(reason);
    if (!timedOut && exitCode != NO_EXIT_CODE) {
      message.append(" (exit code ").append(exitCode).append(')');
    }
    String tail = stderrTail.strip();
    if (!tail.isEmpty()) {
      message.append(": ").append(tail);
    }
    return message.toString();
  }

  public List<String> argv() {
    return argv;
  }

  public int exitCode() {
    return exitCode;
  }

  public String stderrTail() {
    return stderrTail;
  }

  /** Whatever the command printed on stdout before it failed (capped like any output). */
  public String stdout() {
    return stdout;
  }

  public boolean timedOut() {
    return timedOut;
  }
}
