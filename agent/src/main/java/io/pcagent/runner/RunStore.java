package io.pcagent.runner;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The runs the agent and the runner share: one SQLite file in WAL mode, which both processes open. The agent
 * inserts runs; the runner claims them in a transaction; every state change appends an event in the same
 * transaction, so a process killed at any moment leaves either the change and its event or neither.
 */
public final class RunStore implements AutoCloseable {
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final Connection connection;
  private final Clock clock;

  private final CancelRequests cancelRequests;
  private final ImageDeletions imageDeletions;

  private RunStore(Connection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
    this.cancelRequests = new CancelRequests(connection, this, clock);
    this.imageDeletions = new ImageDeletions(connection, this, clock);
  }

  /** The jobs the API asked to cancel, for the runner; they share this store's connection and lock. */
  public CancelRequests cancelRequests() {
    return cancelRequests;
  }

  /** The images the API asked to delete, for the runner; they share this store's connection and lock. */
  public ImageDeletions imageDeletions() {
    return imageDeletions;
  }

  /**
   * Opens the store, creating it when it does not exist. A new file is group-writable whatever the umask: the installed
   * agent (its own user) and the runner (root, in the agent's group) share it, and SQLite gives the -wal and -shm
   * files it creates beside it the database file's mode and owner.
   */
  public static RunStore open(Path file, Clock clock) throws SQLException {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      createGroupWritable(file);
    } catch (IOException e) {
      throw new SQLException("cannot create " + file + ": " + e.getMessage(), e);
    }
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = FULL");
      statement.execute("PRAGMA foreign_keys = ON");
      RunSchema.migrate(connection);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new RunStore(connection, clock);
  }

  private static void createGroupWritable(Path file) throws IOException {
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return;
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
  }

  /** A new queued run. */
  public synchronized Run insert(RunKind kind, String parameters) throws SQLException {
    String id = newId();
    Instant now = clock.instant();
    return inTransaction(() -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO runs(id, kind, state, parameters, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?)")) {
        insert.setString(1, id);
        insert.setString(2, kind.label());
        insert.setString(3, parameters);
        insert.setString(4, now.toString());
        insert.setString(5, now.toString());
        insert.executeUpdate();
      }
      appendEvent(id, RunState.QUEUED, "queued", now);
      return find(id).orElseThrow();
    });
  }

  /** Takes the oldest queued run of any kind for {@code owner}; see {@link #claimNext(String, Set)}. */
  public synchronized Optional<Run> claimNext(String owner) throws SQLException {
    return claimNext(owner, EnumSet.allOf(RunKind.class));
  }

  /**
   * Takes the oldest queued run of one of {@code kinds} for {@code owner}, atomically: of two runners, only one gets
   * it. The run stays queued in state until it is submitted or started; {@code claimed_by} records who holds it.
   */
  public synchronized Optional<Run> claimNext(String owner, Set<RunKind> kinds) throws SQLException {
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String placeholders = String.join(", ", Collections.nCopies(kinds.size(), "?"));
    return inTransaction(() -> {
      Optional<String> id = Optional.empty();
      try (PreparedStatement select = connection.prepareStatement("SELECT id FROM runs WHERE state = 'queued' AND claimed_by IS NULL"
          + " AND kind IN (" + placeholders + ") ORDER BY created_at, id LIMIT 1")) {
        int index = 1;
        for (RunKind kind : kinds) {
          select.setString(index++, kind.label());
        }
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            id = Optional.of(rows.getString(1));
          }
        }
      }
      if (id.isEmpty()) {
        return Optional.<Run>empty();
      }
      try (PreparedStatement claim = connection.prepareStatement(
          "UPDATE runs SET claimed_by = ?, updated_at = ? WHERE id = ? AND claimed_by IS NULL")) {
        claim.setString(1, owner);
        claim.setString(2, now.toString());
        claim.setString(3, id.get());
        if (claim.executeUpdate() != 1) {
          return Optional.<Run>empty();
        }
      }
      appendEvent(id.get(), RunState.QUEUED, "claimed by " + owner, now);
      return find(id.get());
    });
  }

  /** Gives a claimed, never-submitted run back to the queue (a runner died between claim and sbatch). */
  public synchronized Run release(String id, String why) throws SQLException {
    return requeue(id, why, "state = 'queued'");
  }

  /**
   * Puts a run the runner did itself, without a Slurm job, back in the queue: the runner stopped while it ran (a
   * head-node import, which is safe to run again since it publishes its result only at the end).
   */
  public synchronized Run requeue(String id, String why) throws SQLException {
    return requeue(id, why, "state IN ('queued', 'running')");
  }

  private Run requeue(String id, String why, String allowedStates) throws SQLException {
    Instant now = clock.instant();
    return inTransaction(() -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = 'queued', claimed_by = NULL,"
          + " updated_at = ? WHERE id = ? AND " + allowedStates + " AND slurm_job_id IS NULL")) {
        update.setString(1, now.toString());
        update.setString(2, id);
        if (update.executeUpdate() != 1) {
          throw new IllegalStateException("run " + id + " is not a claimed run without a Slurm job");
        }
      }
      appendEvent(id, RunState.QUEUED, why, now);
      return find(id).orElseThrow();
    });
  }

  public synchronized Run markSubmitted(String id, long slurmJobId) throws SQLException {
    return transition(id, RunState.SUBMITTED, "submitted as Slurm job " + slurmJobId, slurmJobId, null, null);
  }

  public synchronized Run markRunning(String id) throws SQLException {
    return markRunning(id, "running");
  }

  public synchronized Run markRunning(String id, String message) throws SQLException {
    return transition(id, RunState.RUNNING, message, null, null, null);
  }

  /** A line of progress in the run's history, its state unchanged; ignored once the run is final. */
  public synchronized void note(String id, String message) throws SQLException {
    Instant now = clock.instant();
    inTransaction(() -> {
      Optional<Run> run = find(id);
      if (run.isPresent() && !run.get().state().isFinal()) {
        appendEvent(id, run.get().state(), message, now);
      }
      return run;
    });
  }

  /** A final state with its result (JSON) or error. */
  public synchronized Run finish(String id, RunState state, String message, String result, String error) throws SQLException {
    if (!state.isFinal()) {
      throw new IllegalArgumentException(state + " is not final");
    }
    return transition(id, state, message, null, result, error);
  }

  /** The run that submitted Slurm job {@code slurmJobId}: an API job or a smoke test of this agent's. */
  public synchronized Optional<Run> findBySlurmJobId(long slurmJobId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(RunRows.SELECT + " WHERE slurm_job_id = ? LIMIT 1")) {
      select.setLong(1, slurmJobId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(RunRows.run(rows)) : Optional.empty();
      }
    }
  }

  public synchronized Optional<Run> find(String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(RunRows.SELECT + " WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(RunRows.run(rows)) : Optional.empty();
      }
    }
  }

  /** Runs of a kind, newest first. */
  public synchronized List<Run> list(RunKind kind, int limit) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        RunRows.SELECT + " WHERE kind = ? ORDER BY created_at DESC, id DESC LIMIT ?")) {
      select.setString(1, kind.label());
      select.setInt(2, limit);
      return RunRows.runs(select);
    }
  }

  /** Runs of a kind that are not final, claimed or not, oldest first. */
  public synchronized List<Run> active(RunKind kind) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(RunRows.SELECT
        + " WHERE kind = ? AND state IN ('queued', 'submitted', 'running') ORDER BY created_at, id")) {
      select.setString(1, kind.label());
      return RunRows.runs(select);
    }
  }

  /** Runs claimed by anyone that are not final: what a runner must reconcile after a restart. */
  public synchronized List<Run> inFlight() throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(RunRows.SELECT
        + " WHERE state IN ('submitted', 'running') OR (state = 'queued' AND claimed_by IS NOT NULL) ORDER BY created_at")) {
      return RunRows.runs(select);
    }
  }

  public synchronized RunsSummary summary() throws SQLException {
    return RunRows.summary(connection);
  }

  /**
   * A run with its events, both read in one transaction: a runner in this process or another may finish the run
   * between two separate reads, which showed a "succeeded" event beside a run still "running".
   */
  public synchronized Optional<RunHistory> history(String id) throws SQLException {
    return inTransaction("BEGIN", () -> {
      Optional<Run> run = find(id);
      return run.isPresent() ? Optional.of(new RunHistory(run.get(), RunRows.events(connection, id))) : Optional.<RunHistory>empty();
    });
  }

  public synchronized List<RunEvent> events(String id) throws SQLException {
    return RunRows.events(connection, id);
  }

  /** {@code PRAGMA integrity_check}: "ok" for a sound file. */
  public synchronized String integrityCheck() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
      return rows.next() ? rows.getString(1) : "no answer";
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }

  private Run transition(String id, RunState state, String message, Long slurmJobId, String result, String error)
      throws SQLException {
    Instant now = clock.instant();
    return inTransaction(() -> {
      Run current = find(id).orElseThrow(() -> new SQLException("no run " + id));
      if (current.state().isFinal()) {
        throw new IllegalStateException("run " + id + " is already " + current.state().label());
      }
      try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, updated_at = ?,"
          + " slurm_job_id = COALESCE(?, slurm_job_id), result = COALESCE(?, result), error = COALESCE(?, error),"
          + " finished_at = ? WHERE id = ?")) {
        update.setString(1, state.label());
        update.setString(2, now.toString());
        update.setObject(3, slurmJobId);
        update.setString(4, result);
        update.setString(5, error);
        update.setString(6, state.isFinal() ? now.toString() : null);
        update.setString(7, id);
        update.executeUpdate();
      }
      appendEvent(id, state, message, now);
      return find(id).orElseThrow();
    });
  }

  private void appendEvent(String id, RunState state, String message, Instant at) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO run_events(run_id, at, state, message) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, at.toString());
      insert.setString(3, state.label());
      insert.setString(4, message);
      insert.executeUpdate();
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /** BEGIN IMMEDIATE takes the write lock up front, so two processes never both read-then-write the same run. */
  private <T> T inTransaction(Work<T> work) throws SQLException {
    return inTransaction("BEGIN IMMEDIATE", work);
  }

  /** {@code begin}: BEGIN IMMEDIATE to write; a plain BEGIN for reads that must see one snapshot. */
  private <T> T inTransaction(String begin, Work<T> work) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(begin);
    }
    try {
      T result = work.run();
      try (Statement statement = connection.createStatement()) {
        statement.execute("COMMIT");
      }
      return result;
    } catch (SQLException | RuntimeException e) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ROLLBACK");
      }
      throw e;
    }
  }

  /** Time-ordered, so that ids sort like their creation: {@code r-<epoch ms hex>-<random>}. */
  private String newId() {
    return "r-" + Long.toHexString(clock.millis()) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

}
