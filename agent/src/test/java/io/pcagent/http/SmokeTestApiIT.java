package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.exec.CommandRunner;
import io.pcagent.runner.RunKind;
import io.pcagent.runner.RunStore;
import io.pcagent.runner.Runner;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.smoke.SmokeTestHandler;
import io.pcagent.smoke.SmokeTests;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Smoke tests through the API: the token, every kind of bad input, and a run from request to verdict. */
@ExtendWith(SandboxExtension.class)
class SmokeTestApiIT {
  private static Path shared;
  private static RunningAgent agent;
  private static String token;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(SandboxCluster cluster) throws Exception {
    agent = RunningAgent.start(cluster, OptionalInt.empty());
    token = Files.readString(cluster.agentState().resolve("token")).strip();
    shared = cluster.layout().sharedFsx();
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  private static HttpResponse<String> post(String body, Optional<String> bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(agent.uri("/v1/smoke-tests"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    bearer.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String detail(HttpResponse<String> response) throws Exception {
    return RunningAgent.parse(response.body()).get("detail").asText();
  }

  @Test
  void withoutTheRightTokenEveryMutationIsRefused() throws Exception {
    HttpResponse<String> none = post("{}", Optional.empty());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(post("{}", Optional.of(token + "x")).statusCode()).isEqualTo(401);
    assertThat(post("{}", Optional.of("")).statusCode()).isEqualTo(401);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.config().auth().tokenFile()))).isEqualTo("rw-------");
  }

  @Test
  void badInputIsA4xxThatNamesTheProblem() throws Exception {
    Optional<String> auth = Optional.of(token);
    HttpResponse<String> large = post("{\"nodes\":[\"" + "a".repeat(70_000) + "\"]}", auth);
    assertThat(large.statusCode()).isEqualTo(413);
    HttpResponse<String> notJson = post("{nodes:", auth);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(detail(notJson)).startsWith("body is not valid JSON: ");
    HttpResponse<String> unknown = post("{\"node\":[\"x\"],\"colour\":1}", auth);
    assertThat(detail(unknown)).isEqualTo("unknown fields: colour, node (allowed: containerImage, includePoweredDown, nodes, "
        + "partitions, sharedDirs, tasksPerNode, timeoutSeconds)");
    assertThat(detail(post("{\"containerImage\":\"ubuntu; rm -rf /\"}", auth)))
        .isEqualTo("containerImage: '\"ubuntu; rm -rf /\"' is not an image reference (docker://...) or a squashfs path");
    assertThat(detail(post("{\"tasksPerNode\":-1}", auth))).isEqualTo("tasksPerNode: must be an integer from 1 to 256, got -1");
    assertThat(detail(post("{\"partitions\":[\"gpu-xl\"]}", auth))).isEqualTo("partitions: 'gpu-xl' does not exist");
    assertThat(detail(post("{\"nodes\":[\"a\\u0000b\"]}", auth))).isEqualTo("nodes: '\"a\\u0000b\"' is not a node name");
    assertThat(detail(post("{\"sharedDirs\":[\"relative/dir\"]}", auth)))
        .isEqualTo("sharedDirs: '\"relative/dir\"' is not an absolute path of letters, digits, . _ - /");
    assertThat(post("[1,2]", auth).statusCode()).isEqualTo(400);
  }

  @Test
  void aSmokeTestGoesFromRequestToVerdictInHealthAndMetrics(SandboxCluster cluster) throws Exception {
    HttpResponse<String> accepted = post("{\"tasksPerNode\":2,\"timeoutSeconds\":120,\"sharedDirs\":[\"" + shared + "\"]}",
        Optional.of(token));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = RunningAgent.parse(accepted.body()).get("id").asText();
    assertThat(accepted.headers().firstValue("Location")).contains("/v1/smoke-tests/" + id);

    AtomicBoolean running = new AtomicBoolean(true);
    Thread runnerThread = new Thread(() -> runRunner(cluster, running), "it-runner");
    runnerThread.start();
    try {
      HttpResponse<String> done = agent.await("/v1/smoke-tests/" + id,
          r -> r.body().contains("\"state\":\"succeeded\"") || r.body().contains("\"state\":\"failed\""), Duration.ofSeconds(120));
      JsonNode run = RunningAgent.parse(done.body());
      assertThat(run.get("state").asText()).as(done.body()).isEqualTo("succeeded");
      assertThat(run.get("result").get("verdict").asText()).isEqualTo("pass");
      assertThat(run.get("events").findValuesAsText("message")).contains("queued", "running");
    } finally {
      running.set(false);
      runnerThread.join(10_000);
    }
    agent.await("/metrics", r -> r.body().contains("pcagent_smoke_test_nodes{result=\"pass\"} 3.0"), Duration.ofSeconds(15));
    assertThat(agent.get("/metrics").body()).containsPattern("pcagent_runs\\{kind=\"smoke-test\",state=\"succeeded\"} [1-9]");
    JsonNode health = agent.json("/v1/health");
    assertThat(health.toString()).contains("\"name\":\"smoke-test\",\"status\":\"ok\",\"detail\":\"last smoke test " + id + " passed");
    assertThat(agent.json("/v1/smoke-tests").get("smokeTests").findValuesAsText("id")).contains(id);
    assertThat(agent.get("/v1/smoke-tests/r-nope").statusCode()).isEqualTo(404);
  }

  private static void runRunner(SandboxCluster cluster, AtomicBoolean running) {
    SlurmSettings slurm = new SlurmSettings(cluster.slurmBinDir(), Optional.of(Path.of(cluster.environment().get("SLURM_CONF"))),
        Duration.ofSeconds(20), 1 << 20);
    Path store = latestStore();
    try (RunStore runs = RunStore.open(store, Clock.systemUTC())) {
      Runner runner = new Runner(runs, new SlurmClient(new CommandRunner(), slurm), Map.of(RunKind.SMOKE_TEST,
          new SmokeTestHandler(new SmokeTests(new SlurmClient(new CommandRunner(), slurm), cluster.runsDir()))),
          Clock.systemUTC(), "it-runner");
      runner.reconcile();
      while (running.get()) {
        runner.tick();
        Thread.sleep(300);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The store of the agent this class started. */
  private static Path latestStore() {
    return agent.config().runs().store();
  }

}
