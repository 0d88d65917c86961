package io.pcagent.slurm;

import java.util.List;

/** What one Slurm command's output held: every record that could be read, and a problem for each that could not. */
public record Parsed<T>(List<T> records, List<ParseProblem> problems) {
  public Parsed {
    records = List.copyOf(records);
    problems = List.copyOf(problems);
  }
}
