package io.pcagent.error;

/** The one exception type that ends a command with a chosen exit code and a message for the operator. */
public class PcagentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public PcagentException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public PcagentException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public static PcagentException usage(String message) {
    return new PcagentException(ExitCode.USAGE, message);
  }

  public static PcagentException failure(String message) {
    return new PcagentException(ExitCode.FAILURE, message);
  }
}
