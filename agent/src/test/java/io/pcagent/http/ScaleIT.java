package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.pcagent.testing.load.Wrk;
import io.pcagent.testing.slurm.SyntheticSlurm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent at production scale: 50,000 nodes (a ParallelCluster cluster's MaxCount, mostly powered down) and 100,000
 * jobs from synthetic Slurm output, new snapshots every 5 s, 50 connections scraping {@code /metrics} (gzip, as
 * Prometheus asks) and reading the node list, from wrk in another process. Every scrape and every page is answered,
 * {@code /healthz} answers throughout, and no task holds the event loop for a second ({@code http.maxEventLoopBlock}:
 * Vert.x's own blocked-thread checker counts it). These are bounds a fresh, loaded two-core machine meets: the strict
 * ones (no task over 100 ms, latency against nginx) are benchmark figures, in {@code make bench} and docs/benchmarks.md.
 */
class ScaleIT {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleIT.class);
  private static final int NODES = 50_000;
  private static final int JOBS = 100_000;
  private static final int CONNECTIONS = 50;
  private static final int SCRAPERS = 45;
  private static final Duration WINDOW = Duration.ofSeconds(20);
  /** A /healthz that waits behind a render of the 50,000-node list would take seconds; one that does not, milliseconds. */
  private static final Duration HEALTHZ_TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void fiftyScrapersAtFiftyThousandNodesNeverHoldTheEventLoopAndHealthzKeepsAnswering() throws Exception {
    FixtureSlurm slurm = new FixtureSlurm().nodes(SyntheticSlurm.nodes(NODES)).jobs(SyntheticSlurm.jobs(JOBS))
        .partitions(SyntheticSlurm.partitions(NODES)).sdiag(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/22.05/sdiag.txt"));
    AgentConfig config = new AgentConfig(
        new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(30), 1 << 28),
        HttpConfig.plain("127.0.0.1", 0).withMaxEventLoopBlock(Duration.ofSeconds(1)),
        new CollectConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2)),
        new HealthConfig(OptionalInt.of(NODES)), new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(dir.resolve("token"), false), JobsConfig.DEFAULTS);
    try (AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC(), slurm)) {
      assertThat(agent.awaitReady(Duration.ofSeconds(60))).isTrue();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + agent.port();
      for (String path : List.of("/metrics", "/v1/nodes?limit=5000", "/v1/jobs?state=PENDING&limit=5000", "/v1/nodes", "/healthz")) {
        for (String encoding : List.of("gzip", "identity")) {
          assertThat(http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Encoding", encoding).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
      }
      long blockedBefore = agent.eventLoopBlocks();
      List<Long> healthz = Collections.synchronizedList(new ArrayList<>());
      ExecutorService load = Executors.newFixedThreadPool(3);
      Future<Wrk.Result> scrapes = load.submit(() -> Wrk.run(base + "/metrics", SCRAPERS, WINDOW, List.of("Accept-Encoding: gzip")));
      Future<Wrk.Result> lists = load.submit(() -> Wrk.run(base + "/v1/nodes?limit=5000", CONNECTIONS - SCRAPERS, WINDOW, List.of()));
      Future<?> probe = load.submit(() -> {
        long end = System.nanoTime() + WINDOW.toNanos();
        while (System.nanoTime() < end) {
          long started = System.nanoTime();
          assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(HEALTHZ_TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
          healthz.add(System.nanoTime() - started);
          Thread.sleep(20);
        }
        return null;
      });
      Wrk.Result metrics = scrapes.get(WINDOW.toSeconds() + 90, TimeUnit.SECONDS);
      Wrk.Result nodes = lists.get(WINDOW.toSeconds() + 90, TimeUnit.SECONDS);
      probe.get(WINDOW.toSeconds() + 90, TimeUnit.SECONDS);
      load.shutdown();

      LOG.info("{} nodes, {} jobs, {} s: /metrics (gzip, {} connections) {} requests, p50 {} ms, p99 {} ms, max {} ms; "
          + "/v1/nodes?limit=5000 ({} connections) {} requests, p99 {} ms; /healthz p50 {} ms, p99 {} ms, max {} ms",
          NODES, JOBS, WINDOW.toSeconds(), SCRAPERS, metrics.requests(), metrics.p50().toMillis(), metrics.p99().toMillis(),
          metrics.max().toMillis(), CONNECTIONS - SCRAPERS, nodes.requests(), nodes.p99().toMillis(),
          percentile(healthz, 50), percentile(healthz, 99), percentile(healthz, 100));
      assertThat(agent.eventLoopBlocks() - blockedBefore).as("tasks that held the event loop over 1 s").isZero();
      assertThat(metrics.failures()).as(metrics.report()).isZero();
      assertThat(nodes.failures()).as(nodes.report()).isZero();
      assertThat(metrics.requests()).isGreaterThan(SCRAPERS);
      assertThat(nodes.requests()).isPositive();
      assertThat(healthz).as("/healthz probes, each answered within %s", HEALTHZ_TIMEOUT).isNotEmpty();
    }
  }

  private static long percentile(List<Long> nanos, int percent) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, index)) / 1_000_000;
  }
}
