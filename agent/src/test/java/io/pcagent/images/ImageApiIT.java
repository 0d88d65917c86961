package io.pcagent.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.app.InProcessRunner;
import io.pcagent.testing.Processes;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Image imports over the API with the real enroot, from the sandbox's real registry, onto its shared fsx: the image,
 * its listing and metadata, bad input, an image the registry lacks, an import killed half way, a runner stopped
 * during one, a restart of the agent, delete, and a smoke test that runs the imported image on every node.
 */
@ExtendWith(SandboxExtension.class)
class ImageApiIT {
  private static final Duration IMPORT_WAIT = Duration.ofSeconds(90);
  private static RunningAgent agent;
  private static InProcessRunner runner;
  private static Optional<String> token;
  private static String registryImage;
  private static Path imagesDir;

  @BeforeAll
  static void start(SandboxCluster cluster) throws Exception {
    agent = RunningAgent.start(cluster, OptionalInt.empty());
    runner = InProcessRunner.start(agent.config(), Clock.systemUTC());
    token = Optional.of(agent.token());
    registryImage = cluster.sandbox().status(cluster.spec().dir()).containerImage()
        .orElseThrow(() -> new AssertionError("the sandbox has no local registry: " + cluster.sandbox().status(cluster.spec().dir()).containers()));
    imagesDir = agent.config().images().dir();
  }

  @AfterAll
  static void stop() {
    runner.close();
    agent.close();
  }

  private static HttpResponse<String> importImage(String name, String source) throws Exception {
    return agent.send("POST", "/v1/images", "{\"source\":\"" + source + "\",\"name\":\"" + name + "\"}", token);
  }

  private static JsonNode awaitAvailable(String name) throws Exception {
    HttpResponse<String> done = agent.await("/v1/images/" + name, r -> r.statusCode() != 200 || !r.body().contains("\"importing\""),
        IMPORT_WAIT);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    return RunningAgent.parse(done.body());
  }

  private static List<String> filesOf(String name) throws Exception {
    List<String> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(imagesDir)) {
      entries.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(name + ".") || f.startsWith("." + name + ".")).forEach(files::add);
    }
    return files;
  }

  @Test
  void importsFromTheRegistryAsTheJobUserAndASmokeTestRunsTheImageOnEveryNode(SandboxCluster cluster) throws Exception {
    HttpResponse<String> accepted = importImage("busybox-it", registryImage);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("Location")).contains("/v1/images/busybox-it");
    String runId = RunningAgent.parse(accepted.body()).path("id").asText();

    JsonNode image = awaitAvailable("busybox-it");

    assertThat(image.path("state").asText()).isEqualTo("available");
    assertThat(image.path("path").asText()).isEqualTo(imagesDir.resolve("busybox-it.sqsh").toString());
    assertThat(image.path("compression").asText()).as("enroot's default -comp lzo").isEqualTo("lzo");
    assertThat(image.path("inodes").asLong()).isGreaterThan(2);
    assertThat(image.path("source").asText()).isEqualTo(registryImage);
    assertThat(image.path("digest").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(image.path("sha256").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(image.path("importRun").asText()).isEqualTo(runId);
    assertThat(Files.getOwner(imagesDir.resolve("busybox-it.sqsh")).getName()).isEqualTo(cluster.spec().jobUser());
    assertThat(filesOf("busybox-it")).containsExactlyInAnyOrder("busybox-it.sqsh", ".busybox-it.sqsh.json");
    assertThat(agent.get("/v1/smoke-tests/" + runId).statusCode()).as("an import is not a smoke test").isEqualTo(404);
    assertThat(agent.json("/v1/images").path("images").findValuesAsText("name")).contains("busybox-it");

    HttpResponse<String> again = importImage("busybox-it", registryImage);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(RunningAgent.parse(again.body()).path("detail").asText())
        .isEqualTo("image busybox-it already exists (DELETE /v1/images/busybox-it first)");

    String path = image.path("path").asText();
    HttpResponse<String> smoke = agent.send("POST", "/v1/smoke-tests", "{\"containerImage\":\"" + path + "\",\"sharedDirs\":[\""
        + cluster.layout().sharedFsx() + "\"]}", token);
    String smokeId = RunningAgent.parse(smoke.body()).path("id").asText();
    JsonNode verdict = RunningAgent.parse(agent.await("/v1/smoke-tests/" + smokeId,
        r -> r.body().contains("\"finishedAt\":\""), Duration.ofSeconds(180)).body());
    assertThat(verdict.path("result").path("verdict").asText()).as("%s", verdict).isEqualTo("pass");
    for (String node : cluster.spec().staticNodeNames()) {
      JsonNode nodeResult = findNode(verdict, node);
      assertThat(nodeResult.path("detail").asText()).as("%s", nodeResult).endsWith("; container: ran " + path);
    }
  }

  @Test
  void whileItRunsTheImageShowsItsImportAndTheImportsEventsAreEnrootsOwnProgressLines() throws Exception {
    String runId = RunningAgent.parse(importImage("progress-it", registryImage).body()).path("id").asText();
    JsonNode importing = agent.json("/v1/images/progress-it");
    assertThat(importing.path("state").asText()).as("%s", importing).isEqualTo("importing");
    assertThat(importing.path("import").path("id").asText()).isEqualTo(runId);

    awaitAvailable("progress-it");

    JsonNode run = agent.json("/v1/images/imports/" + runId);
    assertThat(run.path("state").asText()).isEqualTo("succeeded");
    assertThat(run.path("events").findValuesAsText("message")).contains("running on the head node", "[INFO] Fetching image manifest",
        "[INFO] Creating squashfs filesystem...");
    assertThat(run.path("events").get(run.path("events").size() - 1).path("message").asText())
        .matches("imported progress-it \\(\\d+ bytes\\)");
    assertThat(run.path("result").path("name").asText()).isEqualTo("progress-it");
    assertThat(agent.get("/v1/images/imports/r-0-nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void badInputIsRefusedAndAnImageTheRegistryLacksFailsWithEnrootsWords() throws Exception {
    assertThat(agent.send("POST", "/v1/images", "{\"source\":\"" + registryImage + "\",\"name\":\"x\"}", Optional.empty()).statusCode())
        .isEqualTo(401);
    HttpResponse<String> traversal = importImage("../../etc/cron.d/x", registryImage);
    assertThat(traversal.statusCode()).isEqualTo(400);
    assertThat(RunningAgent.parse(traversal.body()).path("detail").asText()).isEqualTo("name: '../../etc/cron.d/x' must not contain '/'");
    assertThat(importImage("x", "ftp://example.com/x").statusCode()).isEqualTo(400);
    assertThat(agent.get("/v1/images/a..b").statusCode()).isEqualTo(400);

    String missing = registryImage.substring(0, registryImage.indexOf('#')) + "#pcagent/no-such-image:1";
    assertThat(importImage("missing-it", missing).statusCode()).isEqualTo(202);
    HttpResponse<String> gone = agent.await("/v1/images/missing-it", r -> r.statusCode() == 404, IMPORT_WAIT);

    assertThat(RunningAgent.parse(gone.body()).path("detail").asText()).startsWith("no image missing-it: its last import r-")
        .contains(" failed: enroot import failed (exit 1): [ERROR] URL http://").contains("returned error code: 404 Not Found");
    assertThat(filesOf("missing-it")).isEmpty();
  }

  @Test
  void anImportKilledHalfWayLeavesNoImageBehind() throws Exception {
    assertThat(importImage("killed-it", registryImage).statusCode()).isEqualTo(202);
    List<String> processes = awaitProcesses("killed-it.sqsh.partial");
    for (String process : processes) {
      ProcessHandle.of(Long.parseLong(process.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);
    }

    HttpResponse<String> gone = agent.await("/v1/images/killed-it", r -> r.statusCode() == 404, IMPORT_WAIT);

    assertThat(RunningAgent.parse(gone.body()).path("detail").asText()).contains(" failed: enroot import failed (exit ");
    assertThat(filesOf("killed-it")).isEmpty();
  }

  @Test
  void aRunnerStoppedDuringAnImportRequeuesItOnItsNextStartAndItCompletes() throws Exception {
    String runId = RunningAgent.parse(importImage("restarted-it", registryImage).body()).path("id").asText();
    awaitProcesses("restarted-it.sqsh.partial");
    runner.close();
    assertThat(Processes.mentioning("restarted-it.sqsh.partial")).as("the import stopped with the runner").isEmpty();
    assertThat(filesOf("restarted-it")).isEmpty();
    runner = InProcessRunner.start(agent.config(), Clock.systemUTC());

    JsonNode image = awaitAvailable("restarted-it");

    assertThat(image.path("state").asText()).isEqualTo("available");
    assertThat(agent.json("/v1/images/imports/" + runId).path("events").findValuesAsText("message"))
        .containsSubsequence("running on the head node", "requeued: the runner stopped during the run", "running on the head node");
  }

  @Test
  void theListSurvivesAnAgentRestartAndDeleteRemovesTheImage() throws Exception {
    importImage("kept-it", registryImage);
    awaitAvailable("kept-it");

    // another agent on the same run store and images folder; the runner of that store does the deletion
    try (RunningAgent restarted = RunningAgent.start(agent.config())) {
      JsonNode kept = RunningAgent.parse(restarted.await("/v1/images/kept-it", r -> r.statusCode() == 200, Duration.ofSeconds(10)).body());
      assertThat(kept.path("source").asText()).isEqualTo(registryImage);
      assertThat(restarted.get("/metrics").body()).containsPattern("(?m)^pcagent_images\\{state=\"available\"} [1-9]");
      assertThat(restarted.send("DELETE", "/v1/images/kept-it", null, Optional.empty()).statusCode()).isEqualTo(401);

      assertThat(restarted.send("DELETE", "/v1/images/kept-it", null, Optional.of(restarted.token())).statusCode()).isEqualTo(204);

      assertThat(restarted.get("/v1/images/kept-it").statusCode()).isEqualTo(404);
      assertThat(restarted.send("DELETE", "/v1/images/kept-it", null, Optional.of(restarted.token())).statusCode()).isEqualTo(404);
      assertThat(filesOf("kept-it")).isEmpty();
    }
  }

  private static List<String> awaitProcesses(String text) throws Exception {
    long deadline = System.nanoTime() + IMPORT_WAIT.toNanos();
    List<String> found = Processes.mentioning(text);
    while (found.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no process mentioning " + text + " within " + IMPORT_WAIT);
      }
      Thread.sleep(20);
      found = Processes.mentioning(text);
    }
    return found;
  }

  private static JsonNode findNode(JsonNode verdict, String node) {
    for (JsonNode each : verdict.path("result").path("nodes")) {
      if (each.path("node").asText().equals(node)) {
        return each;
      }
    }
    throw new AssertionError("no result for " + node + " in " + verdict);
  }
}
