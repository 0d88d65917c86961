package io.pcagent.metrics;

import io.pcagent.bytes.Crc32Combine;
import io.pcagent.concurrent.DaemonThreads;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@code /metrics} body, rendered on a thread of its own once per change of what it shows (a new snapshot) and
 * kept, with its gzip, for every scrape until the next change. At 50,000 nodes a render takes a good part of a second:
 * done on the event loop for every scrape, it held up every other request behind it. Gauges that move without a
 * snapshot (ages, process figures) are rendered again once the body is older than {@code maxAge}.
 */
public final class Exposition implements AutoCloseable {
  /**
   * One rendering: the UTF-8 text and its gzip, as read-only chunks of direct memory that every scrape writes to its
   * socket without a copy in the JVM (a heap array is copied into a direct buffer on each write). The gzip is one member
   * whose deflate stream is the parts' own segments one after the other: a part that did not change is not compressed again.
   */
  public record Rendered(List<ByteBuffer> text, List<ByteBuffer> gzip, long generation, long renderedAtNanos) {
    public byte[] textBytes() {
      return TextPart.bytes(text);
    }
  }

  /** Magic, deflate, no flags, no time, no extra flags, OS unknown. */
  private static final ByteBuffer GZIP_HEADER = ByteBuffer.allocateDirect(10)
      .put(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}).flip().asReadOnlyBuffer();
  /** A final fixed-Huffman block with nothing in it but its end code. */
  private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};

  private final Supplier<List<TextPart>> source;
  private final Duration maxAge;
  private final ExecutorService renderer = Executors.newSingleThreadExecutor(DaemonThreads.named("metrics-render"));
  private final AtomicLong changes = new AtomicLong();
  private volatile Rendered current;
  private CompletableFuture<Rendered> inFlight;

  public Exposition(Supplier<List<TextPart>> source, Duration maxAge) {
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
    // a rendering that has finished is not in flight, even before its completion callback has cleared it: handing it
    // out after a change gave the scrape the body from before the change (ExpositionTest caught it on a clean clone)
    if (inFlight != null && !inFlight.isDone()) {
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
    List<TextPart> parts = source.get();
    List<ByteBuffer> text = new ArrayList<>();
    parts.forEach(part -> text.addAll(part.chunks()));
    Rendered rendered = new Rendered(List.copyOf(text), gzip(parts), generation, System.nanoTime());
    current = rendered;
    return rendered;
  }

  /**
   * A gzip member (RFC 1952) around the parts' deflate segments, each ended by a sync flush so that they join, and an
   * empty final block; its CRC-32 and length are those of the whole text.
   */
  public static List<ByteBuffer> gzip(List<TextPart> parts) {
    long crc = 0;
    long length = 0;
    List<ByteBuffer> gzip = new ArrayList<>();
    gzip.add(GZIP_HEADER.duplicate());
    for (TextPart part : parts) {
      crc = Crc32Combine.combine(crc, part.crc(), part.length());
      length += part.length();
      gzip.add(part.deflated());
    }
    ByteBuffer trailer = ByteBuffer.allocateDirect(FINAL_EMPTY_BLOCK.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    trailer.put(FINAL_EMPTY_BLOCK).putInt((int) crc).putInt((int) length);
    gzip.add(trailer.flip().asReadOnlyBuffer());
    return List.copyOf(gzip);
  }

  @Override
  public void close() {
    renderer.shutdownNow();
  }
}
