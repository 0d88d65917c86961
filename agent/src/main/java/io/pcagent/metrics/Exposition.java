package io.pcagent.metrics;

import io.pcagent.concurrent.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code /metrics} body, rendered on a thread of its own once per change of what it shows (a new snapshot) and
 * kept, with its gzip, for every scrape until the next change. At 50,000 nodes a render takes a good part of a second:
 * done on the event loop for every scrape, it held up every other request behind it. Gauges that move without a
 * snapshot (ages, process figures) are rendered again once the body is older than {@code maxAge}.
 */
public final class Exposition implements AutoCloseable {
  /**
   * One rendering: the UTF-8 text and its gzip, each once in direct memory (read-only), so that every scrape writes them
   * to its socket without a copy in the JVM: a heap array is copied into a direct buffer on each write.
   */
  public record Rendered(ByteBuffer text, ByteBuffer gzip, long generation, long renderedAtNanos) {
    public byte[] textBytes() {
      byte[] bytes = new byte[text.remaining()];
      text.duplicate().get(bytes);
      return bytes;
    }
  }

  private final Supplier<List<byte[]>> source;
  private final Duration maxAge;
  private final ExecutorService renderer = Executors.newSingleThreadExecutor(DaemonThreads.named("metrics-render"));
  private final AtomicLong changes = new AtomicLong();
  private volatile Rendered current;
  private CompletableFuture<Rendered> inFlight;

  public Exposition(Supplier<List<byte[]>> source, Duration maxAge) {
    this.source = source;
    this.maxAge = maxAge;
  }

  /** What the body shows has changed: the next scrape renders it again. */
  public void changed() {
    changes.incrementAndGet();
  }

  /** The current body, or a rendering that every scrape asking meanwhile shares. */
  public synchronized CompletableFuture<Rendered> get() {
    Rendered last = current;
    if (last != null && last.generation() == changes.get() && System.nanoTime() - last.renderedAtNanos() < maxAge.toNanos()) {
      return CompletableFuture.completedFuture(last);
    }
    if (inFlight != null) {
      return inFlight;
    }
    long generation = changes.get();
    CompletableFuture<Rendered> rendering = CompletableFuture.supplyAsync(() -> render(generation), renderer);
    inFlight = rendering;
    rendering.whenComplete((rendered, error) -> finished(rendering));
    return rendering;
  }

  private synchronized void finished(CompletableFuture<Rendered> rendering) {
    if (inFlight == rendering) {
      inFlight = null;
    }
  }

  private Rendered render(long generation) {
    List<byte[]> parts = source.get();
    ByteBuffer text = ByteBuffer.allocateDirect(parts.stream().mapToInt(part -> part.length).sum());
    parts.forEach(text::put);
    Rendered rendered = new Rendered(text.flip().asReadOnlyBuffer(), direct(gzip(parts)), generation, System.nanoTime());
    current = rendered;
    return rendered;
  }

  private static ByteBuffer direct(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  /** Fastest compression: metrics text shrinks about tenfold even so, and the render stays short. */
  static byte[] gzip(List<byte[]> text) {
    long length = text.stream().mapToLong(part -> part.length).sum();
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(1024, length / 8));
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      for (byte[] part : text) {
        zip.write(part);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory", e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    renderer.shutdownNow();
  }
}
