package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WholeListTest {
  private final AtomicInteger writings = new AtomicInteger();

  private List<ByteBuffer> write(List<String> items) {
    writings.incrementAndGet();
    return List.of(ByteBuffer.allocateDirect(64).put(String.join(",", items).getBytes(StandardCharsets.UTF_8)).flip());
  }

  @Test
  void requestsThatComeWhileTheListIsWrittenWaitForThatOneWriting() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    WholeList<String> whole = new WholeList<>(items -> {
      await(release);
      return write(items);
    });
    List<String> snapshot = List.of("a", "b");
    ExecutorService readers = Executors.newFixedThreadPool(8);
    List<Future<List<ByteBuffer>>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(readers.submit(() -> whole.plain(snapshot)));
    }
    Thread.sleep(100); // all eight are in, one writing, seven waiting
    release.countDown();
    for (Future<List<ByteBuffer>> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS)).hasSize(1);
    }
    readers.shutdown();

    assertThat(writings).hasValue(1);
    assertThat(whole.deflated(snapshot).length()).isEqualTo(3);
    assertThat(writings).as("the deflated form is made from the kept writing").hasValue(1);
    whole.plain(List.of("c"));
    assertThat(writings).as("a new snapshot is written anew").hasValue(2);
  }

  @Test
  void aWritingThatFailedIsNotKept() {
    AtomicInteger calls = new AtomicInteger();
    WholeList<String> whole = new WholeList<>(items -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("Cannot reserve 1048576 bytes of direct buffer memory");
      }
      return write(items);
    });
    List<String> snapshot = List.of("a");

    assertThatThrownBy(() -> whole.plain(snapshot)).hasMessageContaining("direct buffer memory");
    assertThat(whole.plain(snapshot)).hasSize(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
