package io.pcagent.metrics;

import io.pcagent.bytes.DirectChunkOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text written through a small builder straight into chunks of direct memory as UTF-8: at 50,000 nodes the per-node
 * series are 45 MB, and a builder of the whole, its String and its bytes were three such copies on the heap at once.
 * Callers append whole records to {@link #text()} and call {@link #spill()} between them.
 */
final class DirectTextWriter {
  private static final int SPILL_AT = 64 * 1024;

  private final StringBuilder text = new StringBuilder(SPILL_AT + 4096);
  private final DirectChunkOutputStream out = new DirectChunkOutputStream();

  StringBuilder text() {
    return text;
  }

  /** Moves what was appended into direct memory once it is large enough to be worth it. */
  void spill() {
    if (text.length() >= SPILL_AT) {
      move();
    }
  }

  /** The whole text as a part; the writer is done. */
  TextPart finish() {
    move();
    return TextPart.of(out.chunks());
  }

  private void move() {
    byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
    out.write(utf8, 0, utf8.length);
    text.setLength(0);
  }
}
