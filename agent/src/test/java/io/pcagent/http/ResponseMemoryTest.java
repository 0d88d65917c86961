package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.pcagent.app.AgentRuntime;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.testing.FixtureSlurm;
import io.pcagent.testing.slurm.SyntheticSlurm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Response bodies made per request live in Netty's pooled direct memory, and Vert.x never gives a direct buffer back
 * (it hands Netty an unreleasable view of it): the agent must. A page of 2,000 nodes is about 1.2 MB; were its memory
 * kept, 150 pages would hold 180 MB of the pool, near the launcher's whole MaxDirectMemorySize (192 MB), after which
 * every response fails with "Cannot reserve ... bytes of direct buffer memory".
 */
class ResponseMemoryTest {
  private static final int NODES = 5_000;
  private static final int REQUESTS = 150;
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void perRequestBodiesGiveTheirPooledMemoryBack() throws Exception {
    FixtureSlurm slurm = new FixtureSlurm().nodes(SyntheticSlurm.nodes(NODES)).jobs(SyntheticSlurm.jobs(NODES))
        .partitions(SyntheticSlurm.partitions(NODES)).sdiag(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/22.05/sdiag.txt"));
    AgentConfig config = new AgentConfig(
        new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(30), 1 << 26),
        HttpConfig.plain("127.0.0.1", 0), CollectConfig.DEFAULTS, new HealthConfig(OptionalInt.of(NODES)),
        new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(dir.resolve("token"), false), JobsConfig.DEFAULTS);
    try (AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC(), slurm)) {
      assertThat(agent.awaitReady(Duration.ofSeconds(60))).isTrue();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + agent.port();
      List<String> paths = List.of("/v1/nodes?limit=2000", "/v1/jobs?state=PENDING", "/v1/nodes", "/v1/health", "/metrics");
      for (String path : paths) { // the pool's first chunks and the kept bodies
        get(http, base + path);
      }
      long before = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
      for (int i = 0; i < REQUESTS; i++) {
        assertThat(get(http, base + paths.get(i % paths.size()))).isEqualTo(200);
      }
      long after = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
      assertThat((after - before) / MB).as("pooled direct memory held after %d responses, MB (%d MB before)", REQUESTS, before / MB)
          .isLessThan(24);
    }
  }

  private static int get(HttpClient http, String uri) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
