package io.pcagent.runner;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads runs out of result sets. */
final class RunRows {
  static final String SELECT = "SELECT id, kind, state, parameters, slurm_job_id, created_at, updated_at, finished_at,"
      + " result, error FROM runs";

  private RunRows() {}

  static Run run(ResultSet rows) throws SQLException {
    return new Run(
        rows.getString(1),
        RunKind.fromLabel(rows.getString(2)),
        RunState.fromLabel(rows.getString(3)),
        rows.getString(4),
        RunStore.optionalLong(rows, 5),
        Instant.parse(rows.getString(6)),
        Instant.parse(rows.getString(7)),
        Optional.ofNullable(rows.getString(8)).map(Instant::parse),
        Optional.ofNullable(rows.getString(9)),
        Optional.ofNullable(rows.getString(10)));
  }

  static List<Run> runs(PreparedStatement select) throws SQLException {
    List<Run> runs = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        runs.add(run(rows));
      }
    }
    return runs;
  }
}
