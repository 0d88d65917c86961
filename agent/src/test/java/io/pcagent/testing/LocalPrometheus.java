package io.pcagent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real {@code prometheus}, on a free port with its own data folder, scraping one target every second with a
 * {@code cluster} label, as the scrape examples in dashboards/prometheus do, and loading rule files. Queries go through
 * its HTTP API.
 */
public final class LocalPrometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalPrometheus(Process process, String base) {
    this.process = process;
    this.base = base;
  }

  /** Starts Prometheus scraping {@code target} (host:port) as job {@code job}, cluster {@code cluster}; waits until it answers. */
  public static LocalPrometheus start(Path dir, String job, String target, String cluster, List<Path> ruleFiles) throws Exception {
    StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n");
    for (Path rules : ruleFiles) {
      config.append("  - ").append(rules.toAbsolutePath()).append('\n');
    }
    config.append("scrape_configs:\n").append(job(job, target, cluster));
    return start(dir, config.toString());
  }

  /** One scrape job of {@code target} (host:port) with a {@code cluster} label, as YAML under {@code scrape_configs}. */
  public static String job(String job, String target, String cluster) {
    return "  - job_name: " + job + "\n    static_configs:\n      - targets: [\"" + target + "\"]\n        labels:\n          cluster: "
        + cluster + "\n";
  }

  /** Starts Prometheus with a whole configuration (YAML); waits until it answers. */
  public static LocalPrometheus start(Path dir, String config) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path file = Files.writeString(dir.resolve("prometheus.yml"), config);
    Process process = new ProcessBuilder("prometheus", "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    LocalPrometheus prometheus = new LocalPrometheus(process, "http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!prometheus.ready()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        prometheus.close();
        throw new IllegalStateException("prometheus did not start: " + Files.readString(dir.resolve("prometheus.log")));
      }
      Thread.sleep(200);
    }
    return prometheus;
  }

  private boolean ready() throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code /api/v1/query} of an instant query: the whole answer ({@code status}, {@code data} or {@code error}). */
  public JsonNode query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + encode(promql));
  }

  /** {@code /api/v1/rules}: every rule group loaded, with each rule's health and last error. */
  public JsonNode rules() throws IOException, InterruptedException {
    return get("/api/v1/rules");
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
