package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The read API and /metrics over real HTTP, against the sandbox cluster. */
@ExtendWith(SandboxExtension.class)
class ClusterApiIT {
  private static final String NODE = "compute-gpu-st-distributed-ml-3";
  /** One cadence of the test agent, plus the time a refresh takes. */
  private static final Duration WITHIN_ONE_CADENCE = RunningAgent.TEST_CADENCE.nodes().plusSeconds(2);
  private static RunningAgent agent;
  private static SandboxCluster cluster;

  @BeforeAll
  static void start(SandboxCluster sandbox) throws Exception {
    cluster = sandbox;
    agent = RunningAgent.start(sandbox, OptionalInt.of(5));
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  @Test
  void aDrainedNodeShowsInNodesHealthAndMetricsWithinOneCadenceThenResumes() throws Exception {
    cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=" + NODE, "state=drain",
        "reason=disk check failed [ops@t]");
    try {
      HttpResponse<String> node = agent.await("/v1/nodes/" + NODE,
          r -> r.body().contains("\"state\":\"drain\""), WITHIN_ONE_CADENCE);
      JsonNode view = RunningAgent.parse(node.body());
      assertThat(view.get("reason").get("text").asText()).isEqualTo("disk check failed [ops@t]");
      assertThat(view.get("reason").get("user").asText()).isEqualTo("root");
      assertThat(view.get("flags").toString()).contains("DRAIN");

      JsonNode health = agent.json("/v1/health");
      assertThat(health.get("status").asText()).isEqualTo("degraded");
      JsonNode unavailable = check(health, "nodes-unavailable");
      assertThat(unavailable.get("status").asText()).isEqualTo("degraded");
      assertThat(unavailable.get("items").get(0).asText())
          .startsWith(NODE + " IDLE+DRAIN: disk check failed [ops@t] (by root, since ");

      String metrics = agent.get("/metrics").body();
      assertThat(metrics)
          .contains("slurm_node_reason_info{node=\"" + NODE + "\",reason=\"disk check failed [ops@t]\"} 1")
          .contains("slurm_node_state{node=\"" + NODE + "\",state=\"drain\"} 1\n")
          .contains("slurm_nodes_drain 1.0");
      assertThat(agent.json("/v1/nodes?state=drain").get("nodes")).hasSize(1);
    } finally {
      cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=" + NODE, "state=resume");
    }
    agent.await("/v1/health", r -> r.statusCode() == 200 && r.body().startsWith("{\"status\":\"ok\""), WITHIN_ONE_CADENCE);
    assertThat(agent.get("/metrics").body()).contains("slurm_nodes_drain 0.0").doesNotContain("reason=\"disk check failed");
  }

  @Test
  void aJobIsSeenRunningThenCompleted() throws Exception {
    String id = cluster.slurm(Duration.ofSeconds(10), "sbatch", "--parsable", "-N1", "-w", "compute-gpu-st-distributed-ml-1",
        "-J", "it-sleep", "-o", "/dev/null", "--wrap", "sleep 6").stdout().strip();

    JsonNode running = RunningAgent.parse(agent.await("/v1/jobs/" + id,
        r -> r.body().contains("\"state\":\"RUNNING\""), Duration.ofSeconds(15)).body());
    assertThat(running.get("name").asText()).isEqualTo("it-sleep");
    assertThat(running.get("nodes").asText()).isEqualTo("compute-gpu-st-distributed-ml-1");
    assertThat(agent.get("/metrics").body()).containsPattern("slurm_queue_running [1-9]");

    agent.await("/v1/jobs/" + id, r -> r.body().contains("\"state\":\"COMPLETED\""), Duration.ofSeconds(30));
    JsonNode jobs = agent.json("/v1/jobs?state=completed&user=root&partition=compute-gpu");
    assertThat(jobs.get("jobs").findValuesAsText("id")).contains(id);
  }

  @Test
  void aFreshReadIsNeverOlderThanTheMinimumIntervalAndSeesAChangeMadeBeforeIt() throws Exception {
    cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=compute-gpu-st-distributed-ml-2", "state=drain", "reason=fresh");
    try {
      Thread.sleep(RunningAgent.TEST_CADENCE.minInterval().toMillis() + 100);
      Instant asked = Instant.now();
      JsonNode node = agent.json("/v1/nodes/compute-gpu-st-distributed-ml-2?fresh=true");

      assertThat(node.get("state").asText()).isEqualTo("drain");
      Instant taken = Instant.parse(node.get("source").get("lastSuccess").asText());
      assertThat(taken).isAfter(asked.minus(RunningAgent.TEST_CADENCE.minInterval()));
    } finally {
      cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=compute-gpu-st-distributed-ml-2", "state=resume");
    }
  }

  @Test
  void partitionsAndNodesCountEachNodeOnce() throws Exception {
    JsonNode partitions = agent.json("/v1/partitions");
    assertThat(partitions.get("partitions").get(0).get("name").asText()).isEqualTo("compute-gpu");
    assertThat(partitions.get("partitions").get(0).get("totalNodes").asInt()).isEqualTo(5);
    JsonNode nodes = agent.json("/v1/nodes?partition=compute-gpu");
    assertThat(nodes.get("nodes")).hasSize(5);
    assertThat(nodes.get("source").get("name").asText()).isEqualTo("nodes");
    assertThat(agent.get("/metrics").body()).contains("slurm_nodes_total 5\n", "slurm_cpus_total 10\n", "slurm_up 1.0");
    JsonNode dynamic = agent.json("/v1/nodes/compute-gpu-dy-distributed-ml-1");
    assertThat(dynamic.get("dynamic").asBoolean()).isTrue();
  }

  @Test
  void badRequestsGetProblemDetails() throws Exception {
    HttpResponse<String> unknownParam = agent.get("/v1/jobs?stat=RUNNING&colour=red");
    assertThat(unknownParam.statusCode()).isEqualTo(400);
    assertThat(unknownParam.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(RunningAgent.parse(unknownParam.body()).get("detail").asText())
        .isEqualTo("unknown query parameters: colour, stat (allowed: after, fresh, limit, partition, state, user)");

    HttpResponse<String> unknownNode = agent.get("/v1/nodes/no-such-node");
    assertThat(unknownNode.statusCode()).isEqualTo(404);
    assertThat(RunningAgent.parse(unknownNode.body()).get("detail").asText()).isEqualTo("no node named 'no-such-node'");

    assertThat(agent.get("/v1/jobs/abc;rm").statusCode()).isEqualTo(400);
    assertThat(agent.get("/v1/jobs/999999").statusCode()).isEqualTo(404);
    assertThat(agent.get("/v1/nodes?fresh=maybe").statusCode()).isEqualTo(400);
    assertThat(agent.get("/v2/anything").statusCode()).isEqualTo(404);
    assertThat(agent.send("DELETE", "/v1/nodes").statusCode()).isEqualTo(405);
  }

  private static JsonNode check(JsonNode health, String name) {
    for (JsonNode check : health.get("checks")) {
      if (check.get("name").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no check " + name + " in " + health);
  }
}
