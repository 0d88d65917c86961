package io.pcagent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.app.AgentRuntime;
import io.pcagent.cli.DevCommand;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.FsxConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.config.StorageConfig;
import io.pcagent.slurm.SlurmSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/** A real agent (collectors, metrics, HTTP on a free port) against the test sandbox, and an HTTP client for it. */
public final class RunningAgent implements AutoCloseable {
  /** Short cadences so tests see changes quickly; still far above the 2 s minimum between refreshes. */
  public static final CollectConfig TEST_CADENCE = new CollectConfig(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentRuntime runtime;
  private final AgentConfig config;
  /** HTTP/1.1, as Prometheus and curl speak to the agent (the JDK client would otherwise upgrade to h2c). */
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private RunningAgent(AgentRuntime runtime, AgentConfig config) {
    this.runtime = runtime;
    this.config = config;
  }

  /** The sandbox's shared home and fsx watched every second, a probe hung after 2 s. */
  public static StorageConfig sharedMounts(SandboxCluster cluster) {
    Map<Path, String> mounts = new LinkedHashMap<>();
    mounts.put(cluster.layout().sharedHome(), "fuse");
    mounts.put(cluster.layout().sharedFsx(), "fuse");
    return new StorageConfig(mounts, Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(2), 85, 95);
  }

  public static RunningAgent start(SandboxCluster cluster, OptionalInt expectedNodes) throws InterruptedException {
    return start(cluster, expectedNodes, sharedMounts(cluster));
  }

  public static RunningAgent start(SandboxCluster cluster, OptionalInt expectedNodes, StorageConfig storage)
      throws InterruptedException {
    return start(cluster, expectedNodes, storage, FsxConfig.NONE);
  }

  /** With FSx followed too (the FSx API of a local server: FakeAws). */
  public static RunningAgent start(SandboxCluster cluster, OptionalInt expectedNodes, StorageConfig storage, FsxConfig fsx)
      throws InterruptedException {
    AgentConfig config = new AgentConfig(
        new SlurmSettings(cluster.slurmBinDir(), Optional.of(Path.of(cluster.environment().get("SLURM_CONF"))),
            Duration.ofSeconds(20), 16 * 1024 * 1024),
        HttpConfig.plain("127.0.0.1", 0), TEST_CADENCE, new HealthConfig(expectedNodes),
        new RunsConfig(cluster.agentState().resolve("runs-" + System.nanoTime() + ".db"), cluster.runsDir(), Duration.ofMillis(500)),
        new AuthConfig(cluster.agentState().resolve("token"), false), new JobsConfig(cluster.spec().jobUser(), 1024 * 1024),
        storage, fsx, DevCommand.sandboxImages(cluster.layout()));
    return start(config);
  }

  /** An agent of any configuration (a Slurm container's, say). */
  public static RunningAgent start(AgentConfig config) throws InterruptedException {
    AgentRuntime runtime = AgentRuntime.start(config, Clock.systemUTC());
    if (!runtime.awaitReady(Duration.ofSeconds(30))) {
      runtime.close();
      throw new IllegalStateException("agent not ready within 30 s");
    }
    return new RunningAgent(runtime, config);
  }

  public AgentConfig config() {
    return config;
  }

  public AgentRuntime runtime() {
    return runtime;
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + runtime.port() + pathAndQuery);
  }

  public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(String method, String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request with an optional body and bearer token. */
  public HttpResponse<String> send(String method, String pathAndQuery, String body, Optional<String> bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    bearer.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The API token the agent created. */
  public String token() throws IOException {
    return Files.readString(config.auth().tokenFile()).strip();
  }

  public JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
    return JSON.readTree(get(pathAndQuery).body());
  }

  /** Polls until the body at the path satisfies the condition; returns that body. */
  public HttpResponse<String> await(String pathAndQuery, Predicate<HttpResponse<String>> condition, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = get(pathAndQuery);
    while (!condition.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("GET " + pathAndQuery + " did not reach the expected state within " + timeout
            + "; last answer " + last.statusCode() + ": " + last.body());
      }
      Thread.sleep(200);
      last = get(pathAndQuery);
    }
    return last;
  }

  public static JsonNode parse(String body) throws IOException {
    return JSON.readTree(body);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
