package io.pcagent.slurm;

/** Output of a Slurm command that does not have the expected shape; names the source and the line. */
public final class SlurmParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SlurmParseException(String source, int line, String message) {
    super(source + " line " + line + ": " + message);
  }

  public SlurmParseException(String source, String message) {
    super(source + ": " + message);
  }
}
