package io.pcagent.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Drains a stream to its end, keeping at most {@code limit} bytes: the first ones ({@link Keep#HEAD}, for
 * parseable stdout) or the last ones ({@link Keep#TAIL}, for stderr, where the error is usually at the end).
 * Everything past the limit is still read, so the child never blocks on a full pipe.
 */
final class BoundedCapture implements Runnable {
  enum Keep { HEAD, TAIL }

  private static final int CHUNK = 8192;

  private final InputStream in;
  private final int limit;
  private final Keep keep;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private final byte[] ring;
  private final Optional<LineTap> tap;
  private long total;
  private volatile IOException failure;

  BoundedCapture(InputStream in, int limit, Keep keep) {
    this(in, limit, keep, Optional.empty());
  }

  /** Also hands every line, as it arrives, to {@code tap}. */
  BoundedCapture(InputStream in, int limit, Keep keep, Optional<LineTap> tap) {
    this.in = in;
    this.limit = limit;
    this.keep = keep;
    this.ring = keep == Keep.TAIL ? new byte[limit] : new byte[0];
    this.tap = tap;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[CHUNK];
    try (in) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        accept(buffer, n);
        int read = n;
        tap.ifPresent(t -> t.accept(buffer, read));
      }
      tap.ifPresent(LineTap::finish);
    } catch (IOException e) {
      failure = e;
    }
  }

  private synchronized void accept(byte[] buffer, int n) {
    if (keep == Keep.HEAD) {
      long room = limit - total;
      if (room > 0) {
        head.write(buffer, 0, (int) Math.min(room, n));
      }
    } else {
      int from = Math.max(0, n - limit);
      int count = n - from;
      int start = (int) ((total + from) % limit);
      int first = Math.min(count, limit - start);
      System.arraycopy(buffer, from, ring, start, first);
      System.arraycopy(buffer, from + first, ring, 0, count - first);
    }
    total += n;
  }

  synchronized boolean truncated() {
    return total > limit;
  }

  synchronized String text() {
    if (failure != null && total == 0) {
      throw new UncheckedIOException(failure);
    }
    if (keep == Keep.HEAD) {
      return head.toString(StandardCharsets.UTF_8);
    }
    int kept = (int) Math.min(total, limit);
    byte[] out = new byte[kept];
    long start = total - kept;
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(int) ((start + i) % limit)];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
