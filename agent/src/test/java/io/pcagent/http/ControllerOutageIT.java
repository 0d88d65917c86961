package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** slurmctld dies (kill -9 by pid) and comes back: the agent says so, keeps serving, and recovers by itself. */
@ExtendWith(SandboxExtension.class)
class ControllerOutageIT {

  @Test
  void slurmUpDropsHealthFailsLivenessStaysAndEverythingRecovers(SandboxCluster cluster) throws Exception {
    awaitNoActiveJobs(cluster);
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty())) {
      Path pidFile = cluster.spec().dir().resolve("run").resolve("slurmctld.pid");
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      try {
        Duration noticed = RunningAgent.TEST_CADENCE.nodes().plusSeconds(25);
        agent.await("/metrics", r -> r.body().contains("slurm_up 0.0"), noticed);

        HttpResponse<String> health = agent.await("/v1/health", r -> r.statusCode() == 503, noticed);
        JsonNode body = RunningAgent.parse(health.body());
        assertThat(body.get("status").asText()).isEqualTo("failing");
        JsonNode controller = body.get("checks").get(0);
        assertThat(controller.get("name").asText()).isEqualTo("slurm-controller");
        assertThat(controller.get("status").asText()).isEqualTo("failing");
        assertThat(controller.get("detail").asText()).startsWith("slurmctld does not answer: ");
        assertThat(agent.get("/healthz").statusCode()).isEqualTo(200);

        JsonNode nodes = agent.json("/v1/nodes");
        assertThat(nodes.get("nodes")).as("the last good data is kept").hasSize(5);
        assertThat(nodes.get("source").get("stale").asBoolean()).isTrue();
        assertThat(nodes.get("source").get("error").asText()).isNotEmpty();
        assertThat(agent.get("/metrics").body()).containsPattern("pcagent_source_errors_total\\{source=\"nodes\"} [1-9]");
      } finally {
        cluster.sandbox().restartController(cluster.spec());
      }
      agent.await("/metrics", r -> r.body().contains("slurm_up 1.0"), RunningAgent.TEST_CADENCE.nodes().plusSeconds(10));
      agent.await("/v1/health", r -> r.statusCode() == 200, RunningAgent.TEST_CADENCE.nodes().plusSeconds(10));
      assertThat(agent.json("/v1/nodes").get("source").get("up").asBoolean()).isTrue();
    }
  }

  /**
   * A job that ended a moment before the kill may not be in slurmctld's saved state yet: after the restart it
   * would be "running" on its node until Slurm reconciles. Start from a quiet, saved cluster.
   */
  private static void awaitNoActiveJobs(SandboxCluster cluster) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!cluster.slurm(Duration.ofSeconds(10), "squeue", "-h", "-t", "PENDING,RUNNING,COMPLETING,CONFIGURING")
        .stdout().isBlank()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("jobs still active after 60 s");
      }
      Thread.sleep(500);
    }
    Thread.sleep(3000);
  }
}
