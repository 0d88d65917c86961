package io.pcagent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpositionTest {
  @Test
  void rendersOncePerChangeAndServesTheSameBytesUntilTheNext() throws Exception {
    AtomicInteger renders = new AtomicInteger();
    try (Exposition exposition = new Exposition(() -> text("slurm_up " + renders.incrementAndGet() + "\n"), Duration.ofHours(1))) {
      Exposition.Rendered first = exposition.get().get(5, TimeUnit.SECONDS);
      assertThat(exposition.get().get(5, TimeUnit.SECONDS)).isSameAs(first);

      exposition.changed();

      assertThat(new String(exposition.get().get(5, TimeUnit.SECONDS).textBytes(), StandardCharsets.UTF_8)).isEqualTo("slurm_up 2\n");
      assertThat(renders).hasValue(2);
    }
  }

  @Test
  void scrapesDuringARenderShareItAndAnOldBodyIsRenderedAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger renders = new AtomicInteger();
    try (Exposition exposition = new Exposition(() -> {
      renders.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return text("x 1\n");
    }, Duration.ofMillis(50))) {
      CompletableFuture<Exposition.Rendered> one = exposition.get();
      CompletableFuture<Exposition.Rendered> two = exposition.get();
      assertThat(two).isSameAs(one);
      release.countDown();
      one.get(5, TimeUnit.SECONDS);
      Thread.sleep(100);

      exposition.get().get(5, TimeUnit.SECONDS);

      assertThat(renders).as("again once older than its max age").hasValue(2);
    }
  }

  @Test
  void theGzipIsOneMemberOfTheWholeTextOfAllPartsThatGzipItselfReads(@TempDir Path dir) throws Exception {
    String series = "slurm_node_state{node=\"n-1\",state=\"idle\"} 1\n".repeat(100_000);
    // stored blocks (a list's head and tail) between compressed segments join the same deflate stream
    List<TextPart> parts = List.of(TextPart.of("# registry\n"), TextPart.stored("# stored\n".getBytes(StandardCharsets.UTF_8)),
        TextPart.EMPTY, TextPart.of(series), TextPart.of("x 1\n"), TextPart.stored("y 2\n".getBytes(StandardCharsets.UTF_8)));

    byte[] gzip = TextPart.bytes(Exposition.gzip(parts));

    String whole = "# registry\n# stored\n" + series + "x 1\ny 2\n";
    assertThat(gzip.length).isLessThan(series.length() / 10);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(whole);
    }
    Path file = Files.write(dir.resolve("metrics.gz"), gzip);
    CommandResult tested = new CommandRunner().run(Command.of("gzip", "--test", "--verbose", file.toString()));
    assertThat(tested.stderr()).contains("OK");
    assertThat(new CommandRunner().run(Command.of("gzip", "--decompress", "--stdout", file.toString()).withOutputLimit(1 << 24))
        .stdout()).isEqualTo(whole);
  }

  private static List<TextPart> text(String text) {
    return List.of(TextPart.of(text));
  }
}
