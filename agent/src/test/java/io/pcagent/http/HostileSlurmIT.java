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
import io.pcagent.testing.Processes;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F4 of docs/reliability.md, short version: the agent over a stand-in Slurm bin dir (shell scripts that take the real
 * commands' arguments and print what a broken or hostile cluster could: truncated records, unknown states and flags,
 * reasons full of {@code =} and quotes, a 1 MB line, bytes that are not UTF-8, an empty answer, and an sdiag that
 * hangs past the command timeout). The agent reports each, keeps what it could read, never crashes, and its event loop
 * is never held (100 ms limit) while a command hangs.
 */
class HostileSlurmIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void brokenOutputIsReportedWhatCanBeReadIsServedAndAHangingCommandIsStoppedAtItsTimeout() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    ByteArrayOutputStream nodes = new ByteArrayOutputStream();
    nodes.writeBytes(("NodeName=fine-1 CPUAlloc=0 CPUTot=8 RealMemory=64000 AllocMem=0 State=IDLE Partitions=gpu\n"
        + "NodeName=cut-2 CPUAlloc=0 CPUTot=8 Real").getBytes(StandardCharsets.UTF_8));
    nodes.writeBytes("\nNodeName=bytes-3 CPUAlloc=0 CPUTot=8 RealMemory=64000 State=IDLE+DRAIN Partitions=gpu Reason=caf\u00e9 "
        .getBytes(StandardCharsets.ISO_8859_1));
    nodes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
    nodes.writeBytes((" [ops@2026-11-29T01:02:03]\nNodeName=new-4 CPUAlloc=0 CPUTot=8 RealMemory=64000 State=IDLE+QUANTUM_FLAG "
        + "Partitions=gpu\nNodeName=long-5 CPUAlloc=0 CPUTot=8 RealMemory=64000 State=DOWN Partitions=gpu Reason=\"a\"=b "
        + "'c' " + "x".repeat(1 << 20) + " [root@2026-11-29T01:02:03]\n").getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("nodes.txt"), nodes.toByteArray());
    Files.write(dir.resolve("partitions.txt"), new byte[] {'n', 'o', 't', ' ', (byte) 0xc3, '\n'});
    script(bin, "scontrol", "case \"$*\" in *nodes*) exec cat " + dir.resolve("nodes.txt") + " ;; *partition*) exec cat "
        + dir.resolve("partitions.txt") + " ;; esac; exit 1");
    script(bin, "squeue", "exit 0");
    script(bin, "sdiag", "exec sleep 300");
    AgentConfig config = new AgentConfig(new SlurmSettings(bin, Optional.empty(), Duration.ofSeconds(2), 4 << 20),
        HttpConfig.plain("127.0.0.1", 0).withMaxEventLoopBlock(Duration.ofSeconds(1)),
        new CollectConfig(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1)),
        new HealthConfig(OptionalInt.empty()), new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(dir.resolve("token"), false), JobsConfig.DEFAULTS);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC())) {
      assertThat(agent.awaitReady(Duration.ofSeconds(20))).isTrue();
      String base = "http://127.0.0.1:" + agent.port();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      JsonNode health = null;
      while (System.nanoTime() < deadline) {
        long started = System.nanoTime();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(200);
        // sdiag hangs for 300 s and is stopped after 2: a /healthz that waited on it would take that long, not 5 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("/healthz while sdiag hangs").isLessThan(Duration.ofSeconds(5));
        health = JSON.readTree(get(http, base + "/v1/health"));
        if (source(health, "scheduler").path("error").asText().contains("timed out")) {
          break;
        }
        Thread.sleep(200);
      }

      assertThat(source(health, "scheduler").path("up").asBoolean()).isFalse();
      assertThat(source(health, "scheduler").path("error").asText()).contains("sdiag").contains("timed out after 2000 ms");
      assertThat(source(health, "nodes").path("up").asBoolean()).as("a source with bad records is still up").isTrue();
      assertThat(check(health, "slurm-output").path("items").toString()).contains("cut-2").contains("partitions");
      JsonNode listed = JSON.readTree(get(http, base + "/v1/nodes"));
      assertThat(listed.path("nodes").findValuesAsText("name")).containsExactly("fine-1", "bytes-3", "new-4", "long-5");
      JsonNode bytes = JSON.readTree(get(http, base + "/v1/nodes/bytes-3"));
      assertThat(bytes.path("reason").path("text").asText()).isEqualTo("caf\ufffd \ufffd\ufffdx");
      assertThat(JSON.readTree(get(http, base + "/v1/nodes/new-4")).path("unknownStates").toString()).contains("QUANTUM_FLAG");
      assertThat(JSON.readTree(get(http, base + "/v1/jobs")).path("jobs")).isEmpty();
      String metrics = get(http, base + "/metrics");
      assertThat(metrics).contains("pcagent_parse_errors_total{source=\"nodes\"} ").contains("slurm_nodes_total 4\n");
      assertThat(metrics.lines().mapToInt(String::length).max().orElse(0)).as("the longest line of /metrics").isLessThan(4096);
      assertThat(agent.eventLoopBlocks()).isZero();
    }
    assertThat(Processes.mentioning("sleep 300")).as("the hanging sdiag was stopped").isEmpty();
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static JsonNode source(JsonNode health, String name) {
    for (JsonNode source : health.path("sources")) {
      if (source.path("name").asText().equals(name)) {
        return source;
      }
    }
    throw new AssertionError("no source " + name + " in " + health);
  }

  private static JsonNode check(JsonNode health, String name) {
    for (JsonNode check : health.path("checks")) {
      if (check.path("name").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no check " + name + " in " + health);
  }

  private static void script(Path bin, String name, String body) throws Exception {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/bash\n# a stand-in for Slurm's " + name + ": takes its arguments, prints a hostile answer\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
