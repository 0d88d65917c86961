package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.app.AgentRuntime;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.config.StorageConfig;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.storage.ExpectedMounts;
import io.pcagent.testing.FixtureSlurm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test that names no {@code sharedDirs} checks the mounts the agent watches: the configured ones and the
 * SharedStorage of ParallelCluster's cluster-config.yaml, the list {@code validate} checks too. This cluster's are
 * /scratch-data (configured) and /home and /fsx (its cluster-config.yaml, as the hands-on's cluster declares them).
 */
class SmokeTestDefaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void withoutSharedDirsASmokeTestChecksTheWatchedMountsAsValidateDoes() throws Exception {
    Path clusterConfig = Files.writeString(dir.resolve("cluster-config.yaml"), String.join("\n", "SharedStorage:",
        "  - Name: HomeDirs", "    MountDir: /home", "    StorageType: FsxOpenZfs",
        "  - Name: fsx", "    MountDir: /fsx", "    StorageType: FsxLustre", "    FsxLustreSettings:", "      FileSystemId: fs-0123", ""));
    StorageConfig storage = new StorageConfig(Map.of(Path.of("/scratch-data"), "ext4"), Optional.of(clusterConfig),
        Duration.ofMinutes(10), Duration.ofSeconds(10), 85, 95);
    FixtureSlurm slurm = new FixtureSlurm()
        .nodes(FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/24.11/nodes.txt"))
        .jobs(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/24.11/squeue.txt"))
        .partitions(FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/24.11/partitions.txt"))
        .sdiag(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/22.05/sdiag.txt"));
    AgentConfig config = new AgentConfig(
        new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(5), 1 << 20),
        HttpConfig.plain("127.0.0.1", 0), CollectConfig.DEFAULTS, new HealthConfig(OptionalInt.empty()),
        new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(dir.resolve("token"), false), JobsConfig.DEFAULTS, storage);
    try (AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC(), slurm)) {
      assertThat(agent.awaitReady(Duration.ofSeconds(10))).isTrue();
      String token = Files.readString(dir.resolve("token")).strip();
      HttpResponse<String> queued = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/v1/smoke-tests"))
              .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
      String id = JSON.readTree(queued.body()).path("id").asText();
      JsonNode parameters = JSON.readTree(agent.store().find(id).orElseThrow().parameters());
      List<String> sharedDirs = new ArrayList<>();
      parameters.path("sharedDirs").forEach(item -> sharedDirs.add(item.asText()));
      assertThat(sharedDirs).containsExactly("/fsx", "/home", "/scratch-data").isEqualTo(ExpectedMounts.sharedDirs(storage));
    }
  }
}
