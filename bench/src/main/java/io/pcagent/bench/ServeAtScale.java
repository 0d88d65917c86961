package io.pcagent.bench;

import io.pcagent.testing.load.Wrk;
import io.pcagent.testing.slurm.SyntheticSlurm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's {@code serve}, started through its launcher as systemd starts it, over a stand-in Slurm bin dir that
 * prints synthetic output of N nodes and M jobs (scontrol, squeue, sdiag as shell scripts that cat files: the CLI
 * contract, nothing else). Measures start-to-ready, RSS (VmRSS, sampled every second) under 50 wrk connections on
 * {@code /metrics} with gzip, the latency of that load, and the same load against nginx serving the same bytes
 * (gzip_static) in the same run. Usage: {@code ServeAtScale LAUNCHER JAR NODES JOBS SECONDS [CONNECTIONS]}.
 */
public final class ServeAtScale {
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
        "  port: " + port, "runs:", "  store: " + dir.resolve("runs.db"), "  dir: " + dir.resolve("runs"), "auth:",
        "  tokenFile: " + dir.resolve("token"), "storage:", "  mounts: {}", "images:", "  dir: " + dir.resolve("images"), ""));
    ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "serve", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
    builder.environment().putAll(Map.of("PCAGENT_JAR", jar.toString()));
    long started = System.nanoTime();
    Process agent = builder.start();
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + port;
      awaitReady(http, base);
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
      Wrk.Result nginx = Nginx.serve(dir, plain, zipped, connections, window);
      long maxRss = samples.stream().mapToLong(Long::longValue).max().orElse(0);
      System.out.printf("| %,d | %,d | %.1f s | %.2f MB (%.2f MB gzip) | %d req/s, p50 %d ms, p99 %d ms, max %d ms, %d failed"
              + " | %d req/s, p99 %d ms | %.2f x | %d MB idle, %d MB max, %d MB at the end |%n",
          nodes, jobs, ready, plain.length / 1e6, zipped.length / 1e6, load.requests() / window.toSeconds(), load.p50().toMillis(),
          load.p99().toMillis(), load.max().toMillis(), load.failures(), nginx.requests() / window.toSeconds(), nginx.p99().toMillis(),
          load.p99().toNanos() / (double) Math.max(1, nginx.p99().toNanos()), idleRss / 1024, maxRss / 1024, rss(agent.pid()) / 1024);
    } finally {
      agent.destroy();
      agent.waitFor();
    }
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

  private static void awaitReady(HttpClient http, String base) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the agent was not ready within 120 s");
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
