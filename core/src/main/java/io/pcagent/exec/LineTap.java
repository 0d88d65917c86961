package io.pcagent.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a stream's bytes into lines as they arrive and hands each to a listener (progress reports of a long
 * command). A line longer than {@link #MAX_LINE_BYTES} is cut there; a carriage return ends a line too, since
 * progress bars redraw with it.
 */
final class LineTap {
  static final int MAX_LINE_BYTES = 4096;

  private final Consumer<String> listener;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineTap(Consumer<String> listener) {
    this.listener = listener;
  }

  void accept(byte[] buffer, int n) {
    for (int i = 0; i < n; i++) {
      byte b = buffer[i];
      if (b == '\n' || b == '\r') {
        emit();
      } else {
        line.write(b);
        if (line.size() >= MAX_LINE_BYTES) {
          emit();
        }
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
