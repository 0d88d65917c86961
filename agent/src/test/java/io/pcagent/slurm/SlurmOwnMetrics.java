package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.testing.LocalPrometheus;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SlurmContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Slurm's own metrics (25.11 and later) and the agent's on one real Prometheus, scraped with the repository's
 * dashboards/prometheus/scrape-slurmctld.yml beside the agent: no name comes from both, and the series that mean the
 * same thing agree. Run by SlurmMatrixIT while node 1 runs a job holding three GPUs.
 */
final class SlurmOwnMetrics {
  private static final Path SCRAPE_CONFIG = Path.of("..", "dashboards", "prometheus", "scrape-slurmctld.yml");
  private static final Set<String> PER_JOB = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added");

  private SlurmOwnMetrics() {}

  static void check(SlurmContainer cluster, RunningAgent agent, Path work, String node) throws Exception {
    String slurmctld = Files.readString(SCRAPE_CONFIG)
        .replace("10.0.1.23:6820", "127.0.0.1:" + cluster.controllerPort())
        .replace("scrape_interval: 30s", "scrape_interval: 1s")
        .replace("scrape_timeout: 10s", "scrape_timeout: 1s");
    String config = "global:\n  scrape_interval: 1s\n" + slurmctld
        + LocalPrometheus.job("pcluster-agent", "127.0.0.1:" + agent.runtime().port(), "distributed-ml");
    try (LocalPrometheus prometheus = LocalPrometheus.start(Files.createDirectories(work.resolve("prometheus")), config)) {
      awaitValue(prometheus, "count(up{job=\"slurmctld\"} == 1)", 4);
      awaitValue(prometheus, "count(up{job=\"pcluster-agent\"} == 1)", 1);
      awaitValue(prometheus, "slurmctld_node_gpus_alloc{node=\"" + node + "\"}", 3);

      Set<String> slurm = names(prometheus, "slurmctld");
      Set<String> ours = names(prometheus, "pcluster-agent");
      assertThat(slurm).as("Slurm's series, renamed").isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("slurmctld_"));
      Set<String> both = new TreeSet<>(slurm);
      both.retainAll(ours);
      assertThat(both).as("names that come from both").isEmpty();

      // the same meaning under two names (docs/metrics.md's mapping)
      assertThat(value(prometheus, "slurm_node_gpus_alloc{node=\"" + node + "\"}")).isEqualTo(3);
      assertThat(value(prometheus, "slurmctld_node_cpus_alloc{node=\"" + node + "\"}"))
          .isEqualTo(value(prometheus, "slurm_node_cpus_alloc{node=\"" + node + "\"}"));
      assertThat(value(prometheus, "slurmctld_nodes")).isEqualTo(value(prometheus, "slurm_nodes_total"));
      assertThat(value(prometheus, "slurmctld_schedule_cycle_cnt")).as("the scheduler endpoint, scraped").isNotNegative();
      // Slurm's *_bytes node series hold megabytes (26.05.5: RealMemory=2048 is 2048)
      assertThat(value(prometheus, "slurm_node_memory_total_bytes{node=\"" + node + "\"}"))
          .isEqualTo(value(prometheus, "slurmctld_node_memory_bytes{node=\"" + node + "\"}") * 1024 * 1024);
    }
  }

  private static Set<String> names(LocalPrometheus prometheus, String job) throws Exception {
    Set<String> names = new TreeSet<>();
    for (JsonNode series : prometheus.query("count by (__name__) ({job=\"" + job + "\"})").path("data").path("result")) {
      names.add(series.path("metric").path("__name__").asText());
    }
    names.removeAll(PER_JOB);
    return names;
  }

  private static double value(LocalPrometheus prometheus, String query) throws Exception {
    JsonNode result = prometheus.query(query).path("data").path("result");
    assertThat(result).as("%s: %s", query, result).hasSize(1);
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  private static void awaitValue(LocalPrometheus prometheus, String query, double expected) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode result = prometheus.query(query).path("data").path("result");
    while (result.size() != 1 || Double.parseDouble(result.get(0).path("value").get(1).asText()) != expected) {
      assertThat(System.nanoTime()).as("%s never %s: %s", query, expected, result).isLessThan(deadline);
      Thread.sleep(500);
      result = prometheus.query(query).path("data").path("result");
    }
  }
}
