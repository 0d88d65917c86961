package io.pcagent.runner;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Images the API was asked to delete, which the runner deletes. The images folder belongs to the job user (imports run
 * as it), and the installed agent runs as its own user in a read-only view of the file systems: so, as with a cancel,
 * the agent writes the request into the run store and the runner, which may write there (root with CAP_DAC_OVERRIDE,
 * pcluster-agent-runner.service), removes the image and writes back what came of it.
 */
public final class ImageDeletions {
  /** What came of a deletion. */
  public enum Outcome { DELETED, NOT_FOUND, FAILED }

  /** A deletion's outcome, with what went wrong for a FAILED one. */
  public record Done(Outcome outcome, String detail) {}

  /** Removes an image for the runner: DELETED, or NOT_FOUND when there was none; throws when it cannot. */
  @FunctionalInterface
  public interface Deleter {
    Deleter NONE = name -> {
      throw new IOException("this runner deletes no images");
    };

    Outcome delete(String name) throws IOException;
  }

  private final Connection connection;
  private final Object lock;
  private final Clock clock;

  ImageDeletions(Connection connection, Object lock, Clock clock) {
    this.connection = connection;
    this.lock = lock;
    this.clock = clock;
  }

  /** Asks for the image's deletion; an earlier outcome for that name is forgotten. */
  public void request(String name) throws SQLException {
    synchronized (lock) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO image_deletions(name, requested_at, "
          + "outcome, detail, done_at) VALUES (?, ?, NULL, NULL, NULL)")) {
        insert.setString(1, name);
        insert.setString(2, clock.instant().toString());
        insert.executeUpdate();
      }
    }
  }

  /** Names not yet deleted, oldest request first. */
  public List<String> pending() throws SQLException {
    synchronized (lock) {
      List<String> names = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT name FROM image_deletions WHERE outcome IS NULL ORDER BY requested_at, name");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      return names;
    }
  }

  public void done(String name, Outcome outcome, String detail) throws SQLException {
    synchronized (lock) {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE image_deletions SET outcome = ?, detail = ?, done_at = ? WHERE name = ? AND outcome IS NULL")) {
        update.setString(1, outcome.name());
        update.setString(2, detail);
        update.setString(3, clock.instant().toString());
        update.setString(4, name);
        update.executeUpdate();
      }
    }
  }

  /** The outcome of the last request for that name; empty while the runner has not done it. */
  public Optional<Done> outcome(String name) throws SQLException {
    synchronized (lock) {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT outcome, detail FROM image_deletions WHERE name = ? AND outcome IS NOT NULL")) {
        select.setString(1, name);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(new Done(Outcome.valueOf(rows.getString(1)), rows.getString(2))) : Optional.empty();
        }
      }
    }
  }
}
