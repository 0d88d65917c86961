package io.pcagent.slurm;

/** Output of a Slurm command that does not have the expected shape; names the source. */
public final class SlurmParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SlurmParseException(String source, String message) {
    super(source + ": " + message);
  }
}
