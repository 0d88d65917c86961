package io.pcagent.bench;

import io.pcagent.testing.load.Wrk;
import io.pcagent.testing.slurm.SyntheticSlurm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's {@code serve}, started through its launcher as systemd starts it, over a stand-in Slurm bin dir that
 * prints synthetic output of N nodes and M jobs (scontrol, squeue, sdiag as shell scripts that cat files: the CLI
 * contract, nothing else). Measures start-to-ready, RSS (VmRSS, sampled every second) under 50 wrk connections on
 * {@code /metrics} with gzip, the latency of that load, and the same load against nginx serving the same bytes
 * (gzip_static) in the same run; then the same for the whole {@code /v1/nodes} list, and ScaleIT's mixed load with the
 * tasks that held the event loop over 100 ms (a short run only). Usage: {@code ServeAtScale LAUNCHER JAR NODES JOBS SECONDS [CONNECTIONS]}.
 */
public final class ServeAtScale {
  /** The bound a task on the event loop should meet: every request waits behind it (make test holds 1 s, ScaleIT). */
  static final String MAX_EVENT_LOOP_BLOCK = "100ms";

  private ServeAtScale() {}

  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]);
    Path jar = Path.of(args[1]).toAbsolutePath();
    int nodes = Integer.parseInt(args[2]);
    int jobs = Integer.parseInt(args[3]);
    Duration window = Duration.ofSeconds(Integer.parseInt(args[4]));
    int connections = args.length > 5 ? Integer.parseInt(args[5]) : 50;
    Path dir = Files.createTempDirectory("serve-at-scale-");
    Path bin = standInSlurm(dir, nodes, jobs);
    int port = freePort();
    Path config = Files.writeString(dir.resolve("agent.yaml"), String.join("\n", "slurm:", "  binDir: " + bin, "http:", "  host: 127.0.0.1",
        "  port: " + port, "  maxEventLoopBlock: " + MAX_EVENT_LOOP_BLOCK, "runs:", "  store: " + dir.resolve("runs.db"), "  dir: " + dir.resolve("runs"), "auth:",
        "  tokenFile: " + dir.resolve("token"), "storage:", "  mounts: {}", "images:", "  dir: " + dir.resolve("images"), ""));
    long started = System.nanoTime();
    Process agent = AgentProcesses.start(launcher, jar, config, "serve", dir.resolve("agent.log"));
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + port;
      AgentProcesses.awaitReady(base, Duration.ofSeconds(120));
      // ready means both snapshots are in; their metrics follow them a moment later
      double ready = (System.nanoTime() - started) / 1e9;
      Thread.sleep(3000);
      long idleRss = rss(agent.pid());
      byte[] plain = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      byte[] zipped = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Accept-Encoding", "gzip").build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
      List<Long> samples = new ArrayList<>();
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          samples.add(rss(agent.pid()));
          try {
            Thread.sleep(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.start();
      Wrk.Result load = Wrk.run(base + "/metrics", connections, window, List.of("Accept-Encoding: gzip"));
      sampler.interrupt();
      sampler.join();
      // a long run is for the agent's memory over time; the baseline's latency needs no more than a short window
      Duration baseline = window.toMinutes() >= 5 ? Duration.ofSeconds(20) : window;
      Wrk.Result nginx = Nginx.serve(dir, "metrics", plain, zipped, connections, baseline, List.of("Accept-Encoding: gzip"));
      long maxRss = samples.stream().mapToLong(Long::longValue).max().orElse(0);
      String cycles = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      String idle = new String(plain, StandardCharsets.UTF_8);
      System.out.printf("| %,d | %,d | %.1f s | %s s, %s s idle; %s s, %s s loaded | %.2f MB (%.2f MB gzip) | %d req/s, p50 %d ms, p99 %d ms, max %d ms, %d failed"
              + " | %d req/s, p99 %d ms | %.2f x | %d MB idle, %d MB max, %d MB at the end |%n",
          nodes, jobs, ready, sourceDuration(idle, "nodes"), sourceDuration(idle, "jobs"), sourceDuration(cycles, "nodes"),
          sourceDuration(cycles, "jobs"), plain.length / 1e6, zipped.length / 1e6,
          load.requests() / window.toSeconds(), load.p50().toMillis(), load.p99().toMillis(), load.max().toMillis(), load.failures(),
          nginx.requests() / baseline.toSeconds(), nginx.p99().toMillis(),
          load.p99().toNanos() / (double) Math.max(1, nginx.p99().toNanos()), idleRss / 1024, maxRss / 1024, rss(agent.pid()) / 1024);
      if (window.toMinutes() >= 5) {
        System.out.println("RSS at the end of each minute (MB): " + byMinute(samples));
      } else {
        nodeList(http, base, dir, nodes, connections, window);
        MixedLoad.run(http, base, dir, nodes, window);
      }
    } finally {
      agent.destroy();
      agent.waitFor();
    }
  }

  /**
   * The whole node list under the same load, against nginx serving the same bytes: as JSON, then gzipped (the agent's
   * kept deflated list with a tail of each request's own; nginx's gzip_static of the agent's gzip bytes).
   */
  private static void nodeList(HttpClient http, String base, Path dir, int nodes, int connections, Duration window) throws Exception {
    byte[] list = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/nodes")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    byte[] zipped = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/nodes")).header("Accept-Encoding", "gzip").build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
    for (List<String> headers : List.of(List.<String>of(), List.of("Accept-Encoding: gzip"))) {
      Wrk.Result agent = Wrk.run(base + "/v1/nodes", connections, window, headers);
      Wrk.Result nginx = Nginx.serve(dir, "nodes", list, zipped, connections, window, headers);
      System.out.printf("| %,d | /v1/nodes %.2f MB%s | %d req/s, p50 %d ms, p99 %d ms, max %d ms, %d failed | %d req/s, p99 %d ms | %.2f x |%n",
          nodes, (headers.isEmpty() ? list.length : zipped.length) / 1e6, headers.isEmpty() ? "" : " gzip",
          agent.requests() / window.toSeconds(), agent.p50().toMillis(), agent.p99().toMillis(), agent.max().toMillis(), agent.failures(),
          nginx.requests() / window.toSeconds(), nginx.p99().toMillis(), agent.p99().toNanos() / (double) Math.max(1, nginx.p99().toNanos()));
    }
  }

  /** The agent's own figure of how long the source's last refresh took (command and parse), from its metrics. */
  private static String sourceDuration(String metrics, String source) {
    String prefix = "pcagent_source_duration_seconds{source=\"" + source + "\"} ";
    return metrics.lines().filter(line -> line.startsWith(prefix))
        .map(line -> String.format("%.2f", Double.parseDouble(line.substring(prefix.length())))).findFirst().orElse("?");
  }

  /** The last sample of each minute (samples are a second apart), in MB. */
  private static List<Long> byMinute(List<Long> samples) {
    List<Long> minutes = new ArrayList<>();
    for (int i = 59; i < samples.size(); i += 60) {
      minutes.add(samples.get(i) / 1024);
    }
    return minutes;
  }

  /** scontrol, squeue and sdiag that print the synthetic output, as the real ones would. */
  private static Path standInSlurm(Path dir, int nodes, int jobs) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("slurm-bin"));
    Files.writeString(dir.resolve("nodes.txt"), SyntheticSlurm.nodes(nodes));
    Files.writeString(dir.resolve("jobs.txt"), SyntheticSlurm.jobs(jobs));
    Files.writeString(dir.resolve("partitions.txt"), SyntheticSlurm.partitions(nodes));
    Files.writeString(dir.resolve("sdiag.txt"), SyntheticSlurm.sdiag());
    script(bin.resolve("scontrol"), "case \"$*\" in *nodes*) exec cat " + dir.resolve("nodes.txt") + " ;; *partition*) exec cat "
        + dir.resolve("partitions.txt") + " ;; *) echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1 ;; esac");
    script(bin.resolve("squeue"), "exec cat " + dir.resolve("jobs.txt"));
    script(bin.resolve("sdiag"), "exec cat " + dir.resolve("sdiag.txt"));
    return bin;
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/bash\n# a stand-in for Slurm's command of this name (ServeAtScale)\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** VmRSS in KiB. */
  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
