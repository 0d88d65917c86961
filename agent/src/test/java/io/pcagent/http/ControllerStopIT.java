package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import io.pcagent.testing.load.Wrk;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * F1 of docs/reliability.md, short version: the sandbox's slurmctld stopped with SIGSTOP (it holds every connection
 * and answers none: Slurm's clients give up after MessageTimeout, 10 s) for 30 s under scraper load from wrk, then
 * resumed. /healthz answers throughout; /v1/health fails within two node cadences and the client timeout, and is back
 * within one cadence and a refresh of the resume; the agent has no more threads or open files after than before.
 */
@ExtendWith(SandboxExtension.class)
class ControllerStopIT {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerStopIT.class);
  private static final Duration STOPPED = Duration.ofSeconds(30);
  private static final Duration SLURM_CLIENT_TIMEOUT = Duration.ofSeconds(10);

  @Test
  void aStoppedControllerIsFailingHealthWhileLivenessAnswersAndNothingLeaksAfterItResumes(SandboxCluster cluster) throws Exception {
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty())) {
      agent.await("/v1/health", r -> r.statusCode() == 200, Duration.ofSeconds(30));
      int threadsBefore = threads();
      long filesBefore = openFiles();
      long pid = Long.parseLong(Files.readString(cluster.spec().dir().resolve("run").resolve("slurmctld.pid")).strip());
      String base = agent.uri("").toString();
      ExecutorService load = Executors.newFixedThreadPool(2);
      AtomicLong healthzFailures = new AtomicLong();
      AtomicLong slowestHealthz = new AtomicLong();
      Future<Wrk.Result> scrapes = load.submit(() -> Wrk.run(base + "/metrics", 20, STOPPED.plusSeconds(10), List.of("Accept-Encoding: gzip")));
      Future<?> probe = load.submit(() -> {
        long end = System.nanoTime() + STOPPED.plusSeconds(10).toNanos();
        while (System.nanoTime() < end) {
          long started = System.nanoTime();
          if (agent.get("/healthz").statusCode() != 200) {
            healthzFailures.incrementAndGet();
          }
          slowestHealthz.accumulateAndGet(System.nanoTime() - started, Math::max);
          Thread.sleep(100);
        }
        return null;
      });
      signal("STOP", pid);
      long stoppedAt = System.nanoTime();
      Duration noticedAfter;
      try {
        agent.await("/v1/health", r -> r.statusCode() == 503, RunningAgent.TEST_CADENCE.nodes().multipliedBy(2).plus(SLURM_CLIENT_TIMEOUT).plusSeconds(5));
        noticedAfter = Duration.ofNanos(System.nanoTime() - stoppedAt);
        Thread.sleep(Math.max(0, STOPPED.toMillis() - noticedAfter.toMillis()));
      } finally {
        signal("CONT", pid);
      }
      long resumedAt = System.nanoTime();
      agent.await("/v1/health", r -> r.statusCode() == 200, RunningAgent.TEST_CADENCE.nodes().plus(SLURM_CLIENT_TIMEOUT).plusSeconds(5));
      Duration recoveredAfter = Duration.ofNanos(System.nanoTime() - resumedAt);
      Wrk.Result result = scrapes.get(120, TimeUnit.SECONDS);
      probe.get(120, TimeUnit.SECONDS);
      load.shutdown();
      Thread.sleep(RunningAgent.TEST_CADENCE.nodes().toMillis() * 2);

      LOG.info("slurmctld stopped {} s: health failing after {} ms, back {} ms after the resume; {} scrapes, p99 {} ms, {} failed;"
          + " slowest /healthz {} ms; threads {} -> {}, open files {} -> {}", STOPPED.toSeconds(), noticedAfter.toMillis(),
          recoveredAfter.toMillis(), result.requests(), result.p99().toMillis(), result.failures(), slowestHealthz.get() / 1_000_000,
          threadsBefore, threads(), filesBefore, openFiles());
      assertThat(healthzFailures).hasValue(0);
      assertThat(Duration.ofNanos(slowestHealthz.get())).isLessThan(Duration.ofSeconds(1));
      assertThat(result.failures()).as(result.report()).isZero();
      assertThat(threads()).as("threads after").isLessThanOrEqualTo(threadsBefore + 4);
      assertThat(openFiles()).as("open files after").isLessThanOrEqualTo(filesBefore + 8);
    }
  }

  private static void signal(String name, long pid) throws Exception {
    new CommandRunner().run(Command.of("kill", "-" + name, Long.toString(pid)));
  }

  private static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long openFiles() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
