package io.pcagent.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads runs, their events and their summary out of the store's tables (the store calls these under its lock). */
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
        optionalLong(rows, 5),
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

  static RunsSummary summary(Connection connection) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT kind, state, COUNT(*) FROM runs GROUP BY kind, state")) {
      while (rows.next()) {
        counts.put(RunsSummary.key(rows.getString(1), rows.getString(2)), rows.getLong(3));
      }
    }
    return new RunsSummary(counts, latestSmokeTest(connection, "state IN ('succeeded', 'failed')"),
        latestSmokeTest(connection, "state = 'succeeded'"));
  }

  private static Optional<Run> latestSmokeTest(Connection connection, String condition) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE kind = 'smoke-test' AND "
        + condition + " ORDER BY finished_at DESC LIMIT 1")) {
      List<Run> runs = runs(select);
      return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }
  }

  static List<RunEvent> events(Connection connection, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT seq, run_id, at, state, message FROM run_events WHERE run_id = ? ORDER BY seq")) {
      select.setString(1, id);
      List<RunEvent> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(new RunEvent(rows.getLong(1), rows.getString(2), Instant.parse(rows.getString(3)),
              RunState.fromLabel(rows.getString(4)), rows.getString(5)));
        }
      }
      return events;
    }
  }

  private static OptionalLong optionalLong(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
  }
}
