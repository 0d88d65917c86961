package io.pcagent.runner;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The run store's schema, as numbered migrations applied in order, each in its own transaction with the
 * version it brings. Add migrations at the end; never edit one that has shipped.
 */
final class RunSchema {
  static final List<String> MIGRATIONS = List.of(
      """
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('smoke-test', 'job', 'image-import')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'submitted', 'running', 'succeeded', 'failed', 'cancelled')),
        parameters TEXT NOT NULL,
        slurm_job_id INTEGER,
        claimed_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        result TEXT,
        error TEXT);
      CREATE INDEX runs_by_state ON runs(state, created_at);
      CREATE INDEX runs_by_kind ON runs(kind, created_at);
      CREATE TABLE run_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES runs(id),
        at TEXT NOT NULL,
        state TEXT NOT NULL,
        message TEXT NOT NULL);
      CREATE INDEX run_events_by_run ON run_events(run_id, seq);
      """,
      """
      CREATE TABLE cancel_requests (
        slurm_job_id INTEGER PRIMARY KEY,
        requested_at TEXT NOT NULL);
      """,
      """
      CREATE TABLE image_deletions (
        name TEXT PRIMARY KEY,
        requested_at TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('DELETED', 'NOT_FOUND', 'FAILED')),
        detail TEXT,
        done_at TEXT);
      """);

  private RunSchema() {}

  static void migrate(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        int version = 0;
        try (ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
          if (rows.next()) {
            version = rows.getInt(1);
          }
        }
        if (version > MIGRATIONS.size()) {
          throw new SQLException("the run store is at schema version " + version + ", newer than this agent ("
              + MIGRATIONS.size() + "): upgrade the agent");
        }
        for (int next = version; next < MIGRATIONS.size(); next++) {
          for (String sql : MIGRATIONS.get(next).split(";")) {
            if (!sql.isBlank()) {
              statement.execute(sql);
            }
          }
          statement.execute("INSERT INTO schema_version(version) VALUES (" + (next + 1) + ")");
        }
        statement.execute("COMMIT");
      } catch (SQLException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    }
  }
}
