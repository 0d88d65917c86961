package io.pcagent.slurm;

import java.util.Optional;

/**
 * A record of a Slurm command's output that could not be read, while the others were: the command, the line, the
 * record (node, job or partition name, when the line names one), the field and what was wrong with it.
 */
public record ParseProblem(String source, int line, Optional<String> record, Optional<String> field, String message) {
  /** For operators: {@code scontrol show nodes line 3, node compute-1, CPUTot: expected a number, got 'x'}. */
  public String summary() {
    return source + " line " + line + record.map(r -> ", " + r).orElse("") + field.map(f -> ", " + f).orElse("")
        + ": " + message;
  }
}
