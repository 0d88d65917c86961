package io.pcagent.testing;

import io.pcagent.testing.load.Wrk;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * F1 of docs/reliability.md for any agent running in this JVM: the controller stopped for a while under scraper load
 * (wrk, another process, on {@code /metrics} with gzip) and resumed, while {@code /healthz} is probed every 100 ms.
 * Measures when {@code /v1/health} notices and recovers, and the JVM's threads and open files before and after.
 * The length of the stop is {@code -Dfaults.controllerStop=120s} in {@code make faults}, shorter in {@code make test}.
 */
public final class OutageUnderLoad {
  /** What the test saw. */
  public record Result(Duration noticedAfter, Duration recoveredAfter, Wrk.Result scrapes, long healthzFailures, Duration slowestHealthz,
      int threadsBefore, int threadsAfter, long filesBefore, long filesAfter) {
    public String summary(Duration stopped) {
      return String.format("controller stopped %d s: health failing after %d ms, back %d ms after the resume; %d scrapes, p99 %d ms,"
          + " %d failed; slowest /healthz %d ms; threads %d -> %d, open files %d -> %d", stopped.toSeconds(), noticedAfter.toMillis(),
          recoveredAfter.toMillis(), scrapes.requests(), scrapes.p99().toMillis(), scrapes.failures(), slowestHealthz.toMillis(),
          threadsBefore, threadsAfter, filesBefore, filesAfter);
    }
  }

  /** A way to stop and resume the controller. */
  public interface Controller {
    void stop() throws Exception;

    void resume() throws Exception;
  }

  private final String base;
  private final Duration stopped;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  public OutageUnderLoad(String base, Duration stopped) {
    this.base = base;
    this.stopped = stopped;
  }

  /** How long the controller stays stopped: {@code faults.controllerStop} (e.g. {@code 120s}) or the given default. */
  public static Duration stopLength(Duration fallback) {
    String value = System.getProperty("faults.controllerStop", "");
    return value.isBlank() ? fallback : Duration.parse("PT" + value.strip().toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * @param noticeWithin how long {@code /v1/health} may take to fail once the controller stops
   * @param recoverWithin how long it may take to succeed again once the controller resumes
   * @param settle how long to wait after the load before counting threads and files again
   */
  public Result run(Controller controller, Duration noticeWithin, Duration recoverWithin, Duration settle, int scrapers) throws Exception {
    await(status -> status == 200, Duration.ofSeconds(60));
    // the same requests for a moment first, so that pools that grow on demand have grown: Vert.x's worker pool (which
    // /v1/health runs on) starts a thread for each of its first 20 tasks, busy or not
    Wrk.run(base + "/metrics", scrapers, Duration.ofSeconds(2), List.of("Accept-Encoding: gzip"));
    for (int i = 0; i < 40; i++) {
      status("/v1/health");
      status("/healthz");
    }
    int threadsBefore = threads();
    long filesBefore = openFiles();
    ExecutorService load = Executors.newFixedThreadPool(2);
    AtomicLong healthzFailures = new AtomicLong();
    AtomicLong slowestHealthz = new AtomicLong();
    Duration window = stopped.plus(recoverWithin).plusSeconds(5);
    Future<Wrk.Result> scrapes = load.submit(() -> Wrk.run(base + "/metrics", scrapers, window, List.of("Accept-Encoding: gzip")));
    Future<?> probe = load.submit(() -> {
      long end = System.nanoTime() + window.toNanos();
      while (System.nanoTime() < end) {
        long started = System.nanoTime();
        if (status("/healthz") != 200) {
          healthzFailures.incrementAndGet();
        }
        slowestHealthz.accumulateAndGet(System.nanoTime() - started, Math::max);
        Thread.sleep(100);
      }
      return null;
    });
    controller.stop();
    long stoppedAt = System.nanoTime();
    Duration noticedAfter;
    try {
      await(status -> status == 503, noticeWithin);
      noticedAfter = Duration.ofNanos(System.nanoTime() - stoppedAt);
      Thread.sleep(Math.max(0, stopped.toMillis() - noticedAfter.toMillis()));
    } finally {
      controller.resume();
    }
    long resumedAt = System.nanoTime();
    await(status -> status == 200, recoverWithin);
    Duration recoveredAfter = Duration.ofNanos(System.nanoTime() - resumedAt);
    Wrk.Result result = scrapes.get(window.toSeconds() + 120, TimeUnit.SECONDS);
    probe.get(window.toSeconds() + 120, TimeUnit.SECONDS);
    load.shutdown();
    Thread.sleep(settle.toMillis());
    return new Result(noticedAfter, recoveredAfter, result, healthzFailures.get(), Duration.ofNanos(slowestHealthz.get()), threadsBefore,
        threads(), filesBefore, openFiles());
  }

  private void await(IntPredicate health, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = status("/v1/health");
      if (health.test(last)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/v1/health still " + last + " after " + within.toSeconds() + " s");
  }

  private int status(String path) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The agent's threads: those of this JVM but the test's own (its HTTP client's workers, the load's executor, the
   * reapers of the wrk processes), which come and go with the test, not with the agent.
   */
  private static int threads() {
    return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(name -> !name.startsWith("HttpClient-") && !name.startsWith("pool-")
            && !name.startsWith("process reaper") && !name.startsWith("ForkJoinPool")).count();
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
