package io.pcagent.slurm;

/** Thrown while one record is read: the field that is wrong (or missing) and why. Becomes a {@link ParseProblem}. */
final class RecordProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  RecordProblem(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** A problem with the record as a whole (no single field to blame). */
  static RecordProblem ofRecord(String message) {
    return new RecordProblem(null, message);
  }

  String field() {
    return field;
  }
}
