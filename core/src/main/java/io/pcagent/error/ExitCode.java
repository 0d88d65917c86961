package io.pcagent.error;

/** The only exit codes the project's commands use. Automation relies on them: never renumber. */
public enum ExitCode {
  OK(0),
  /** The command ran and the answer is no: a check failed, a cluster is unhealthy. */
  FAILURE(1),
  /** Bad arguments, bad configuration: fix the input and try again. */
  USAGE(2),
  /** The agent, Slurm or AWS could not be reached. */
  UNREACHABLE(3),
  /** A bug or an unexpected environment problem. */
  INTERNAL(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
