package io.pcagent.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Slurm jobs the API was asked to cancel, which the runner cancels. The installed agent runs as its own user, and
 * Slurm lets only a job's owner, root or its SlurmUser cancel a job (an operator level needs accounting, which
 * ParallelCluster does not set up by default): so the agent writes the request into the run store, and the runner,
 * which runs as root, does the {@code scancel}. The agent itself never writes to Slurm.
 */
public final class CancelRequests {
  /** A job asked to be cancelled, and since when. */
  public record Request(long jobId, Instant requestedAt) {}

  private final Connection connection;
  private final Object lock;
  private final Clock clock;

  CancelRequests(Connection connection, Object lock, Clock clock) {
    this.connection = connection;
    this.lock = lock;
    this.clock = clock;
  }

  /** Idempotent: a job asked for twice is cancelled once, and keeps its first request's time. */
  public void request(long jobId) throws SQLException {
    synchronized (lock) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT OR IGNORE INTO cancel_requests(slurm_job_id, requested_at) VALUES (?, ?)")) {
        insert.setLong(1, jobId);
        insert.setString(2, clock.instant().toString());
        insert.executeUpdate();
      }
    }
  }

  /** Oldest first. */
  public List<Request> pending() throws SQLException {
    synchronized (lock) {
      List<Request> requests = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT slurm_job_id, requested_at FROM cancel_requests ORDER BY requested_at, slurm_job_id");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          requests.add(new Request(rows.getLong(1), Instant.parse(rows.getString(2))));
        }
      }
      return requests;
    }
  }

  public void done(long jobId) throws SQLException {
    synchronized (lock) {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM cancel_requests WHERE slurm_job_id = ?")) {
        delete.setLong(1, jobId);
        delete.executeUpdate();
      }
    }
  }
}
