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
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.testing.FixtureSlurm;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent (collectors, metrics, health, HTTP) over what ParallelCluster's Slurm 24.11 prints, from fixture
 * files: no daemons, no root. One node record is corrupt; one dynamic node boots; one could not launch.
 */
class FixtureApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORRUPT = "NodeName=compute-gpu-st-distributed-ml-9 CPUAlloc=0 CPUTot=lots RealMemory=1 State=IDLE\n";
  private static final CollectConfig FAST = new CollectConfig(
      Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(100));

  @TempDir Path dir;
  private final FixtureSlurm slurm = new FixtureSlurm()
      .nodes(FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/24.11/nodes.txt") + CORRUPT)
      .jobs(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/24.11/squeue.txt"))
      .partitions(FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/24.11/partitions.txt"))
      .sdiag(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/22.05/sdiag.txt"));
  private final HttpClient http = HttpClient.newHttpClient();
  private AgentRuntime agent;

  @BeforeEach
  void start() throws Exception {
    AgentConfig config = new AgentConfig(
        new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(5), 1 << 20),
        HttpConfig.plain("127.0.0.1", 0), FAST, new HealthConfig(OptionalInt.of(7)),
        new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(dir.resolve("token"), false), JobsConfig.DEFAULTS);
    agent = AgentRuntime.start(config, Clock.systemUTC(), slurm);
    assertThat(agent.awaitReady(Duration.ofSeconds(10))).isTrue();
    agent.collectors().partitions().refresh().get();
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    return JSON.readTree(get(path).body());
  }

  @Test
  void aBootingDynamicNodeIsBootingEverywhere() throws Exception {
    String booting = "compute-gpu-dy-distributed-ml-2";

    assertThat(json("/v1/nodes/" + booting).path("service").asText()).isEqualTo("booting");
    assertThat(json("/v1/nodes?state=booting").path("nodes")).extracting(n -> n.path("name").asText()).containsExactly(booting);
    JsonNode unavailable = check(json("/v1/health"), "nodes-unavailable");
    assertThat(unavailable.path("items")).extracting(JsonNode::asText).noneMatch(item -> item.startsWith(booting))
        .anyMatch(item -> item.startsWith("compute-gpu-dy-distributed-ml-3 DOWN+CLOUD+POWERED_DOWN+NOT_RESPONDING: "
            + "(Code:InsufficientInstanceCapacity)Failure when resuming nodes (by root, since 2026-11-29T11:58:01)"));
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("slurm_nodes_powering_up 1.0\n", "slurm_nodes_powered_down 1.0\n",
        "slurm_node_service{node=\"" + booting + "\",service=\"booting\"} 1\n", "slurm_cpus_powered_down 192.0\n");
  }

  @Test
  void metricsComeGzippedToAScraperThatAsksAndTheSameBytesComeTwiceUntilASnapshotChangesThem() throws Exception {
    // sources that finish their first read during the test (sdiag, the images folder) change the body once: a few tries
    boolean consistent = false;
    for (int attempt = 0; attempt < 10 && !consistent; attempt++) {
      HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/metrics"))
          .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<String> plain = get("/metrics");
      assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
      assertThat(zipped.headers().firstValue("Vary")).contains("Accept-Encoding");
      assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(plain.body()).contains("# TYPE slurm_node_state gauge\n", "slurm_nodes_total 7\n");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
        consistent = new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(plain.body()) && get("/metrics").body().equals(plain.body());
      }
      Thread.sleep(300);
    }
    assertThat(consistent).as("the gzip is the text, and the text comes again unchanged").isTrue();
  }

  @Test
  void nodesAndJobsComeInPagesInSlurmsOrderUntilNextIsNull() throws Exception {
    List<String> all = new ArrayList<>();
    json("/v1/nodes").path("nodes").forEach(node -> all.add(node.path("name").asText()));
    List<String> paged = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      JsonNode page = json("/v1/nodes?limit=3" + (next == null ? "" : "&after=" + next));
      page.path("nodes").forEach(node -> paged.add(node.path("name").asText()));
      assertThat(page.path("nodes").size()).isLessThanOrEqualTo(3);
      assertThat(page.path("source").path("name").asText()).isEqualTo("nodes");
      next = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (next != null);

    assertThat(all).hasSize(7);
    assertThat(paged).isEqualTo(all);
    assertThat(pages).isEqualTo(3);
    JsonNode idle = json("/v1/nodes?state=idle&limit=1");
    assertThat(idle.path("nodes")).hasSize(1);
    assertThat(idle.path("next").asText()).isEqualTo(idle.path("nodes").get(0).path("name").asText());
    JsonNode jobs = json("/v1/jobs?limit=2");
    assertThat(jobs.path("jobs")).hasSize(2);
    assertThat(json("/v1/jobs?limit=2&after=" + jobs.path("next").asText()).path("jobs").get(0).path("id").asText())
        .isEqualTo(json("/v1/jobs").path("jobs").get(2).path("id").asText());
    assertThat(json("/v1/nodes?limit=0").path("detail").asText()).isEqualTo("limit: expected an integer from 1 to 100000, got '0'");
    assertThat(get("/v1/nodes?after=gone-1").statusCode()).isEqualTo(400);
    assertThat(json("/v1/nodes?after=gone-1").path("detail").asText())
        .isEqualTo("after: no node 'gone-1' in the current snapshot (it may have gone: start again without after)");
    assertThat(json("/v1/nodes").has("next")).as("no next without a limit").isFalse();
  }

  @Test
  void theReasonStopsAtReservationNameAndTheInstanceIsNamed() throws Exception {
    JsonNode node = json("/v1/nodes/compute-gpu-st-distributed-ml-2");

    assertThat(node.path("reason").path("text").asText()).isEqualTo("kernel upgrade: reboot=yes");
    assertThat(node.path("reason").path("user").asText()).isEqualTo("root");
    assertThat(node.path("reason").path("since").asText()).isEqualTo("2026-11-29T06:15:00");
    assertThat(node.path("reservation").asText()).isEqualTo("maint");
    assertThat(node.path("instanceId").asText()).isEqualTo("i-0a1b2c3d4e5f60719");
    assertThat(get("/metrics").body()).contains("slurm_node_info{instance_id=\"i-0a1b2c3d4e5f60719\",instance_type=\"p5.48xlarge\","
        + "node=\"compute-gpu-st-distributed-ml-2\",reservation=\"maint\"} 1\n");
  }

  @Test
  void oneCorruptRecordIsReportedWhileEveryOtherNodeIsListedAndSlurmIsUp() throws Exception {
    assertThat(json("/v1/nodes").path("nodes")).hasSize(7);
    JsonNode health = json("/v1/health");
    assertThat(health.path("status").asText()).isEqualTo("degraded");
    assertThat(check(health, "slurm-controller").path("status").asText()).isEqualTo("ok");
    JsonNode output = check(health, "slurm-output");
    assertThat(output.path("status").asText()).isEqualTo("degraded");
    assertThat(output.path("items")).extracting(JsonNode::asText).containsExactly(
        "scontrol show nodes line 8, node compute-gpu-st-distributed-ml-9, CPUTot: expected a number, got 'lots'");
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("slurm_up 1.0\n", "pcagent_parse_errors_total{source=\"nodes\"} 1.0\n",
        "pcagent_parse_errors_total{source=\"jobs\"} 0.0\n", "pcagent_source_up{source=\"nodes\"} 1.0\n");

    slurm.controllerDown(true);
    agent.collectors().nodes().awaitFresh(Duration.ofSeconds(5));
    assertThat(get("/metrics").body()).as("slurm_up means slurmctld answered").contains("slurm_up 0.0\n");
    assertThat(check(json("/v1/health"), "slurm-controller").path("status").asText()).isEqualTo("failing");
  }

  @Test
  void aCorruptJobOrPartitionIsReportedTheSameWay() throws Exception {
    slurm.jobs(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/24.11/squeue.txt") + "77|77|77|N/A|alice|RUNNING\n");
    slurm.partitions("PartitionName=broken State=UP TotalNodes=many TotalCPUs=1\n"
        + FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/24.11/partitions.txt"));
    agent.collectors().jobs().awaitFresh(Duration.ofSeconds(5));
    agent.collectors().partitions().awaitFresh(Duration.ofSeconds(5));

    assertThat(check(json("/v1/health"), "slurm-output").path("items")).extracting(JsonNode::asText).contains(
        "scontrol show partitions line 1, partition broken, TotalNodes: expected a number, got 'many'",
        "squeue line 7, job 77: expected 17 |-separated fields, got 6 in '77|77|77|N/A|alice|RUNNING'");
    assertThat(json("/v1/partitions").path("partitions")).extracting(p -> p.path("name").asText()).containsExactly("compute-gpu", "debug");
    assertThat(get("/metrics").body()).contains("pcagent_parse_errors_total{source=\"jobs\"} 1.0\n",
        "pcagent_parse_errors_total{source=\"partitions\"} 1.0\n", "pcagent_source_up{source=\"jobs\"} 1.0\n");
  }

  @Test
  void aNodeWithTwoGpuTypesReportsTheirSum() throws Exception {
    JsonNode node = json("/v1/nodes/compute-gpu-st-distributed-ml-3");

    assertThat(node.path("gpusTotal").asInt()).isEqualTo(8);
    assertThat(node.path("gpusAllocated").asInt()).isEqualTo(3);
    assertThat(get("/metrics").body()).contains(
        "slurm_node_gpus_total{node=\"compute-gpu-st-distributed-ml-3\"} 8\n",
        "slurm_node_gpus_alloc{node=\"compute-gpu-st-distributed-ml-3\"} 3\n",
        "slurm_node_gpus_total{node=\"compute-gpu-st-distributed-ml-4\"} 7\n",
        "slurm_partition_gpus{kind=\"total\",partition=\"compute-gpu\"} 55.0\n",
        "slurm_partition_gpus{kind=\"alloc\",partition=\"compute-gpu\"} 11.0\n");
  }

  @Test
  void theWholeListComesGzippedWhenAskedAndAPageDoesNot() throws Exception {
    JsonNode plain = json("/v1/nodes");
    for (int i = 0; i < 2; i++) { // the kept deflated list, each time with a tail of its own
      HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/v1/nodes"))
          .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
      assertThat(zipped.headers().firstValue("Vary")).contains("Accept-Encoding");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
        JsonNode unzipped = JSON.readTree(in.readAllBytes()); // GZIPInputStream checks the CRC-32 and length
        assertThat(unzipped.path("nodes")).isEqualTo(plain.path("nodes"));
        assertThat(unzipped.path("source").path("name").asText()).isEqualTo("nodes");
      }
    }
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/v1/nodes?limit=2"))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(JSON.readTree(page.body()).path("nodes")).hasSize(2);
  }

  private static JsonNode check(JsonNode health, String name) {
    List<JsonNode> found = new ArrayList<>();
    health.path("checks").forEach(c -> {
      if (c.path("name").asText().equals(name)) {
        found.add(c);
      }
    });
    assertThat(found).as("check %s in %s", name, health).hasSize(1);
    return found.get(0);
  }
}
