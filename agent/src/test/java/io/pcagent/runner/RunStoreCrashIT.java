package io.pcagent.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A writer killed with SIGKILL in the middle of its transactions leaves a sound file and no half-written run. */
class RunStoreCrashIT {
  private static final Path BASE = Path.of("target", "it-store-crash").toAbsolutePath();

  @Test
  void killNineMidWriteLeavesASoundStore() throws Exception {
    Files.createDirectories(BASE);
    for (int round = 0; round < 3; round++) {
      Path db = BASE.resolve("runs-" + System.nanoTime() + ".db");
      Process writer = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(), db.toString()))
          .redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("writing");
        Thread.sleep(700 + round * 300L);
        writer.destroyForcibly().waitFor();
      }

      try (RunStore store = RunStore.open(db, Clock.systemUTC())) {
        assertThat(store.integrityCheck()).isEqualTo("ok");
      }
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement statement = connection.createStatement()) {
        assertThat(count(statement, "SELECT COUNT(*) FROM runs")).as("the writer got going").isPositive();
        assertThat(count(statement, "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS "
            + "(SELECT 1 FROM run_events e WHERE e.run_id = r.id AND e.message = 'queued')")).as("runs without their event").isZero();
        assertThat(count(statement, "SELECT COUNT(*) FROM runs r WHERE state = 'succeeded' AND NOT EXISTS "
            + "(SELECT 1 FROM run_events e WHERE e.run_id = r.id AND e.state = 'succeeded')")).isZero();
        assertThat(count(statement, "SELECT COUNT(*) FROM run_events e WHERE NOT EXISTS "
            + "(SELECT 1 FROM runs r WHERE r.id = e.run_id)")).as("events without their run").isZero();
      }
    }
  }

  private static long count(Statement statement, String sql) throws Exception {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
