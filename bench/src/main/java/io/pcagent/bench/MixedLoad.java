package io.pcagent.bench;

import io.pcagent.testing.load.Wrk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * ScaleIT's load, measured: 45 connections scraping {@code /metrics} (gzip) while 5 read pages of 5,000 nodes, each
 * page written for its request. Reports the tasks that held the event loop longer than
 * {@link ServeAtScale#MAX_EVENT_LOOP_BLOCK} (the agent's own {@code pcagent_event_loop_blocked_total}: 0 is the only
 * good value), the direct memory the JVM holds after the load (a body never given back shows here), and the pages'
 * latency against nginx serving the same page's bytes to the same 5 connections in the same run.
 */
final class MixedLoad {
  private static final int SCRAPERS = 45;
  private static final int READERS = 5;
  private static final String PAGE = "/v1/nodes?limit=5000";

  private MixedLoad() {}

  static void run(HttpClient http, String base, Path dir, int nodes, Duration window) throws Exception {
    byte[] page = http.send(HttpRequest.newBuilder(URI.create(base + PAGE)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    double blockedBefore = sample(http, base, "pcagent_event_loop_blocked_total ");
    ExecutorService load = Executors.newFixedThreadPool(2);
    try {
      Future<Wrk.Result> scrapes = load.submit(() -> Wrk.run(base + "/metrics", SCRAPERS, window, List.of("Accept-Encoding: gzip")));
      Future<Wrk.Result> pages = load.submit(() -> Wrk.run(base + PAGE, READERS, window, List.of()));
      Wrk.Result metrics = scrapes.get();
      Wrk.Result agent = pages.get();
      double blocked = sample(http, base, "pcagent_event_loop_blocked_total ") - blockedBefore;
      double direct = sample(http, base, "jvm_buffer_memory_used_bytes{id=\"direct\"} ");
      Wrk.Result nginx = Nginx.serve(dir, "page", page, null, READERS, window, List.of());
      System.out.printf("| %,d | mixed: /metrics gzip x%d, %s x%d (%.2f MB) | event loop tasks over %s: %.0f | /metrics %d req/s, p99 %d ms,"
              + " %d failed | pages %d req/s, p99 %d ms, %d failed | nginx pages %d req/s, p99 %d ms | %.2f x | direct memory %.0f MB |%n",
          nodes, SCRAPERS, PAGE, READERS, page.length / 1e6, ServeAtScale.MAX_EVENT_LOOP_BLOCK, blocked,
          metrics.requests() / window.toSeconds(), metrics.p99().toMillis(), metrics.failures(),
          agent.requests() / window.toSeconds(), agent.p99().toMillis(), agent.failures(),
          nginx.requests() / window.toSeconds(), nginx.p99().toMillis(),
          agent.p99().toNanos() / (double) Math.max(1, nginx.p99().toNanos()), direct / 1e6);
    } finally {
      load.shutdownNow();
    }
  }

  /** The value of the one series whose line starts with {@code prefix} in the agent's metrics. */
  private static double sample(HttpClient http, String base, String prefix) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
        .findFirst().orElseThrow(() -> new IllegalStateException("no series " + prefix.strip() + " in the agent's metrics"));
  }
}
