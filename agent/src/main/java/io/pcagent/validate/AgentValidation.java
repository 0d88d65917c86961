package io.pcagent.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.cli.ProgressLine;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.smoke.NodeResult;
import io.pcagent.smoke.SmokeTestRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Validation through the agent's API: its health, its node list, and a smoke test the runner carries out. */
public final class AgentValidation {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;
  private final ProgressLine progress;

  public AgentValidation(URI base, String token, ProgressLine progress) {
    this.base = base;
    this.token = token;
    this.progress = progress;
  }

  /** Whether the agent answers {@code /healthz}. */
  public boolean answers() {
    try {
      return get("/healthz").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public ValidationReport run(SmokeTestRequest request, OptionalInt expectNodes, Duration timeout)
      throws IOException, InterruptedException {
    List<ValidationReport.Check> checks = new ArrayList<>();
    JsonNode health = JSON.readTree(get("/v1/health").body());
    JsonNode controller = check(health, "slurm-controller");
    checks.add(new ValidationReport.Check("slurm-controller", controller.path("status").asText().equals("ok") ? "pass" : "fail",
        controller.path("detail").asText()));
    String partition = request.partitions().size() == 1 ? "?partition=" + request.partitions().get(0) : "";
    checks.add(Checks.expectedNodes(JSON.readTree(get("/v1/nodes" + partition).body()).path("nodes").size(), expectNodes));
    JsonNode output = check(health, "slurm-output");
    if (List.of("degraded", "failing").contains(output.path("status").asText())) {
      List<String> records = new ArrayList<>();
      output.path("items").forEach(item -> records.add(item.asText()));
      checks.add(new ValidationReport.Check("slurm-output", "fail", output.path("detail").asText() + ": " + String.join("; ", records)));
    }
    JsonNode unavailable = check(health, "nodes-unavailable");
    List<String> items = new ArrayList<>();
    unavailable.path("items").forEach(item -> items.add(item.asText()));
    checks.add(Checks.usableNodes(items, JSON.readTree(get("/v1/nodes").body()).path("nodes").size()));

    HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(base.resolve("/v1/smoke-tests"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(), HttpResponse.BodyHandlers.ofString());
    if (accepted.statusCode() == 401) {
      throw new PcagentException(ExitCode.USAGE, "the agent refused the token (401): check --token-file");
    }
    if (accepted.statusCode() != 202) {
      throw new PcagentException(ExitCode.FAILURE, "the agent refused the smoke test (" + accepted.statusCode() + "): "
          + JSON.readTree(accepted.body()).path("detail").asText(accepted.body()));
    }
    String id = JSON.readTree(accepted.body()).path("id").asText();
    JsonNode run = follow(id, timeout);
    List<NodeResult> nodes = new ArrayList<>();
    for (JsonNode node : run.path("result").path("nodes")) {
      List<String> failures = new ArrayList<>();
      node.path("failures").forEach(f -> failures.add(f.asText()));
      nodes.add(new NodeResult(node.path("node").asText(), node.path("result").asText(), failures, node.path("detail").asText()));
    }
    String state = run.path("state").asText();
    if (run.path("result").isObject()) {
      String verdict = run.path("result").path("verdict").asText();
      checks.add(Checks.smokeTest(verdict, id, nodes.stream().filter(n -> n.result().equals("pass")).count(), nodes.size()));
    } else {
      checks.add(new ValidationReport.Check("smoke-test", "fail", "smoke test " + id + " " + state
          + (state.equals("queued") || state.equals("submitted") || state.equals("running")
              ? " after " + timeout.toSeconds() + " s (is pcluster-agent runner running?)"
              : ": " + run.path("error").asText())));
    }
    return new ValidationReport("agent", checks, nodes);
  }

  /** Polls the run until it ends, showing its state and the nodes reported so far. */
  private JsonNode follow(String id, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode run = JSON.readTree(get("/v1/smoke-tests/" + id).body());
      String state = run.path("state").asText();
      JsonNode counts = run.path("progress");
      progress.show("smoke test " + id + ": " + state + (counts.isObject()
          ? ", nodes reported " + counts.path("reported").asInt() + "/" + counts.path("expected").asInt() : ""));
      if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled") || System.nanoTime() > deadline) {
        progress.done();
        return run;
      }
      Thread.sleep(1000);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode check(JsonNode health, String name) {
    for (JsonNode check : health.path("checks")) {
      if (check.path("name").asText().equals(name)) {
        return check;
      }
    }
    return JSON.createObjectNode().put("status", "unknown").put("detail", "the agent did not report " + name);
  }
}
