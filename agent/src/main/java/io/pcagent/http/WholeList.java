package io.pcagent.http;

import io.pcagent.metrics.TextPart;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The whole list of one snapshot, in direct memory, as {@code /metrics} is kept: written once, by the first request
 * that needs it, and its deflated form (with its CRC-32, for a gzip member around it) once, by the first request that
 * asks for gzip; both kept until the next snapshot. Requests that come while it is being written wait for that one
 * writing: before, each of 50 concurrent readers of a new snapshot wrote its own 31 MB copy (50,000 nodes).
 */
final class WholeList<T> {
  private record Kept(List<?> items, FutureTask<List<ByteBuffer>> plain, FutureTask<TextPart> deflated) {}

  private final Function<List<T>, List<ByteBuffer>> write;
  private final AtomicReference<Kept> kept = new AtomicReference<>();

  WholeList(Function<List<T>, List<ByteBuffer>> write) {
    this.write = write;
  }

  /** The items written, as read-only direct chunks. Blocks while another request writes them. */
  List<ByteBuffer> plain(List<T> items) {
    Kept current = kept(items);
    return orForget(current, current.plain());
  }

  /** The items written and deflated (a raw deflate segment ending on a sync flush). Blocks while another request makes it. */
  TextPart deflated(List<T> items) {
    Kept current = kept(items);
    return orForget(current, current.deflated());
  }

  /** A writing that failed (out of direct memory, say) is not kept: the next request writes again. */
  private <V> V orForget(Kept current, FutureTask<V> task) {
    try {
      return once(task);
    } catch (RuntimeException e) {
      kept.compareAndSet(current, null);
      throw e;
    }
  }

  private Kept kept(List<T> items) {
    Kept current = kept.get();
    if (current != null && current.items() == items) {
      return current;
    }
    FutureTask<List<ByteBuffer>> plain = new FutureTask<>(() -> write.apply(items));
    Kept fresh = new Kept(items, plain, new FutureTask<>(() -> TextPart.of(once(plain))));
    if (kept.compareAndSet(current, fresh)) {
      return fresh;
    }
    Kept other = kept.get(); // another request got there first: its writing, when it is of the same snapshot
    return other.items() == items ? other : fresh;
  }

  /** Runs the task if nobody has yet (FutureTask runs once), then waits for its value. */
  private static <V> V once(FutureTask<V> task) {
    task.run();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the list was written", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("writing the list failed", e.getCause());
    }
  }
}
