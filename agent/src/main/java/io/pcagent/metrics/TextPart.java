package io.pcagent.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

/**
 * One piece of the {@code /metrics} body, in direct memory (read-only chunks), with its compressed form: a raw deflate
 * segment that ends on a sync flush, so that segments compressed apart join into one deflate stream. The per-node
 * series change with a node snapshot (every 15 s) but the body is rendered again as often as every 10 s; kept as a
 * part, they are neither copied nor compressed again when only the registry's gauges moved.
 */
public record TextPart(List<ByteBuffer> chunks, long length, ByteBuffer deflated) {
  private static final int DEFLATE_BUFFER = 64 * 1024;

  public static final TextPart EMPTY = of(List.of());

  private static TextPart of(byte[] utf8) {
    return of(List.of(ByteBuffer.wrap(utf8)));
  }

  public static TextPart of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The chunks (flipped: position to limit is the text) as a part; heap chunks are copied into direct memory. */
  static TextPart of(List<ByteBuffer> text) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    byte[] buffer = new byte[DEFLATE_BUFFER];
    List<ByteBuffer> chunks = text.stream().map(TextPart::direct).toList();
    long length = 0;
    try {
      for (ByteBuffer chunk : chunks) {
        length += chunk.remaining();
        deflater.setInput(chunk.duplicate());
        while (!deflater.needsInput()) {
          deflated.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
        }
      }
      int written;
      do {
        written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        deflated.write(buffer, 0, written);
      } while (written == buffer.length);
    } finally {
      deflater.end();
    }
    return new TextPart(chunks, length, direct(ByteBuffer.wrap(deflated.toByteArray())));
  }

  /** The chunks' bytes in one heap array: for tests and small bodies only. */
  static byte[] bytes(List<ByteBuffer> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer chunk : chunks) {
      byte[] copy = new byte[chunk.remaining()];
      chunk.duplicate().get(copy);
      out.writeBytes(copy);
    }
    return out.toByteArray();
  }

  private static ByteBuffer direct(ByteBuffer chunk) {
    if (chunk.isDirect()) {
      return chunk.asReadOnlyBuffer();
    }
    return ByteBuffer.allocateDirect(chunk.remaining()).put(chunk.duplicate()).flip().asReadOnlyBuffer();
  }
}
