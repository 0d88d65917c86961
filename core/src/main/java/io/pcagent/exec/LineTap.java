package io.pcagent.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a stream's bytes into lines as they arrive and hands each to a listener: the progress reports of a long
 * command, or the records of a long output read without holding it whole. A line longer than its maximum is cut
 * there; for progress a carriage return ends a line too, since progress bars redraw with it.
 */
final class LineTap {
  static final int MAX_LINE_BYTES = 4096;

  private final Consumer<String> listener;
  private final int maxLineBytes;
  private final boolean carriageReturnEndsLine;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  /** For progress lines: at most {@link #MAX_LINE_BYTES}, a carriage return ends one. */
  LineTap(Consumer<String> listener) {
    this(listener, MAX_LINE_BYTES, true);
  }

  LineTap(Consumer<String> listener, int maxLineBytes, boolean carriageReturnEndsLine) {
    this.listener = listener;
    this.maxLineBytes = maxLineBytes;
    this.carriageReturnEndsLine = carriageReturnEndsLine;
  }

  void accept(byte[] buffer, int n) {
    int start = 0;
    for (int i = 0; i < n; i++) {
      byte b = buffer[i];
      if (b == '\n' || (b == '\r' && carriageReturnEndsLine)) {
        if (line.size() == 0 && i - start < maxLineBytes) {
          // the whole line is in this read: one copy, into its String
          if (i > start) {
            listener.accept(new String(buffer, start, i - start, StandardCharsets.UTF_8));
          }
        } else {
          append(buffer, start, i);
          emit();
        }
        start = i + 1;
      }
    }
    append(buffer, start, n);
  }

  /** Bytes of a line so far, in ranges (a write per byte was most of the time of reading 100,000 node records); cut at the maximum. */
  private void append(byte[] buffer, int from, int to) {
    int at = from;
    while (at < to) {
      int n = Math.min(to - at, maxLineBytes - line.size());
      line.write(buffer, at, n);
      at += n;
      if (line.size() >= maxLineBytes) {
        emit();
      }
    }
  }

  /** The last line, when the stream ends without a newline. */
  void finish() {
    emit();
  }

  private void emit() {
    if (line.size() > 0) {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      listener.accept(text);
    }
  }
}
