package io.pcagent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectorTest {
  private final ExecutorService worker = Executors.newCachedThreadPool();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));

  @AfterEach
  void stop() {
    worker.shutdownNow();
  }

  @Test
  void concurrentCallersShareOneRefresh() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger fetches = new AtomicInteger();
    Collector<String> collector = new Collector<>("nodes", () -> {
      fetches.incrementAndGet();
      release.await(10, TimeUnit.SECONDS);
      return "value";
    }, Duration.ofSeconds(15), Duration.ofSeconds(2), clock, worker);

    List<CompletableFuture<Snapshot<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(collector.refresh());
    }
    release.countDown();

    for (CompletableFuture<Snapshot<String>> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS).value()).contains("value");
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void refreshesWithinTheMinimumIntervalGetTheCurrentSnapshot() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    Collector<Integer> collector = new Collector<>("jobs", fetches::incrementAndGet,
        Duration.ofSeconds(15), Duration.ofSeconds(2), clock, worker);

    assertThat(collector.refresh().get(10, TimeUnit.SECONDS).value()).contains(1);
    clock.advance(Duration.ofMillis(1999));
    assertThat(collector.refresh().get(10, TimeUnit.SECONDS).value()).contains(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(collector.refresh().get(10, TimeUnit.SECONDS).value()).contains(2);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void awaitFreshWaitsForAFetchThatStartedAfterTheCallNotTheOneSkippedForTheMinimumInterval() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    Collector<Integer> collector = new Collector<>("runs", fetches::incrementAndGet,
        Duration.ofSeconds(15), Duration.ofSeconds(2), clock, worker);
    assertThat(collector.refresh().get(10, TimeUnit.SECONDS).value()).contains(1);
    clock.advance(Duration.ofMillis(500));

    CompletableFuture<Snapshot<Integer>> fresh = CompletableFuture.supplyAsync(() -> {
      try {
        return collector.awaitFresh(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, worker);
    Thread.sleep(300);
    assertThat(fresh).as("the refresh within the minimum interval is not fresh").isNotDone();
    clock.advance(Duration.ofSeconds(2));

    assertThat(fresh.get(10, TimeUnit.SECONDS).value()).contains(2);
  }

  @Test
  void aFailingSourceKeepsItsLastValueAndRecovers() throws Exception {
    AtomicReference<String> next = new AtomicReference<>("first");
    List<Snapshot<String>> published = new ArrayList<>();
    Collector<String> collector = new Collector<>("nodes", () -> {
      String value = next.get();
      if (value == null) {
        throw new IllegalStateException("slurm_load_node error: Unable to contact slurm controller");
      }
      return value;
    }, Duration.ofSeconds(15), Duration.ofSeconds(2), clock, worker);
    collector.onUpdate(published::add);

    collector.refresh().get(10, TimeUnit.SECONDS);
    Instant firstSuccess = clock.instant();
    next.set(null);
    clock.advance(Duration.ofSeconds(15));
    Snapshot<String> failed = collector.refresh().get(10, TimeUnit.SECONDS);

    assertThat(failed.value()).contains("first");
    assertThat(failed.stale()).isTrue();
    assertThat(failed.status().lastError()).contains("slurm_load_node error: Unable to contact slurm controller");
    assertThat(failed.status().errors()).isEqualTo(1);
    assertThat(failed.status().lastSuccess()).contains(firstSuccess);
    assertThat(failed.status().age(clock.instant())).contains(Duration.ofSeconds(15));

    next.set("second");
    clock.advance(Duration.ofSeconds(15));
    Snapshot<String> recovered = collector.refresh().get(10, TimeUnit.SECONDS);

    assertThat(recovered.value()).contains("second");
    assertThat(recovered.status().up()).isTrue();
    assertThat(recovered.status().lastError()).isEmpty();
    assertThat(recovered.status().errors()).as("errors is a running count").isEqualTo(1);
    assertThat(published).hasSize(3);
  }

  @Test
  void beforeTheFirstRefreshThereIsNoValueAndTheSourceIsDown() {
    Collector<String> collector = new Collector<>("partitions", () -> "x", Duration.ofSeconds(60), Duration.ofSeconds(2), clock, worker);

    assertThat(collector.current().value()).isEmpty();
    assertThat(collector.current().status().up()).isFalse();
    assertThat(collector.current().status().lastAttempt()).isEmpty();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
