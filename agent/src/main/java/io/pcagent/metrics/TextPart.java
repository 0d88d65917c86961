package io.pcagent.metrics;

import io.pcagent.bytes.Crc32Combine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One piece of the {@code /metrics} body, in direct memory (read-only chunks), with its compressed form: a raw deflate
 * segment that ends on a sync flush, so that segments compressed apart join into one deflate stream. The per-node
 * series change with a node snapshot (every 15 s) but the body is rendered again as often as every 10 s; kept as a
 * part, they are neither copied nor compressed again when only the registry's gauges moved. Its CRC-32 lets a gzip
 * member around several parts be summed without reading the parts again ({@link Crc32Combine}). The whole node list of
 * {@code /v1/nodes} is such a part too.
 */
public record TextPart(List<ByteBuffer> chunks, long length, ByteBuffer deflated, long crc) {
  private static final int DEFLATE_BUFFER = 64 * 1024;

  public static final TextPart EMPTY = of(List.of());

  private static TextPart of(byte[] utf8) {
    return of(List.of(ByteBuffer.wrap(utf8)));
  }

  public static TextPart of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The chunks (flipped: position to limit is the text) as a part; heap chunks are copied into direct memory. */
  public static TextPart of(List<ByteBuffer> text) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    CRC32 crc = new CRC32();
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    byte[] buffer = new byte[DEFLATE_BUFFER];
    List<ByteBuffer> chunks = text.stream().map(TextPart::direct).toList();
    long length = 0;
    try {
      for (ByteBuffer chunk : chunks) {
        length += chunk.remaining();
        crc.update(chunk.duplicate());
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
    return new TextPart(chunks, length, direct(ByteBuffer.wrap(deflated.toByteArray())), crc.getValue());
  }

  /**
   * A short text as a part whose deflate segment is one stored (uncompressed) block: no compressor is set up for it.
   * For the few hundred bytes a response adds around a kept part (a list's tail), where a Deflater's own state would
   * cost more than it saves. A stored block that is not the last is the byte 0 (BFINAL 0, BTYPE 00, then the bits to
   * the byte's end), LEN and its complement as little-endian 16-bit numbers, then the bytes (RFC 1951, 3.2.4).
   */
  public static TextPart stored(byte[] utf8) {
    if (utf8.length > 0xffff) {
      throw new IllegalArgumentException("a stored block holds at most 65,535 bytes, got " + utf8.length);
    }
    CRC32 crc = new CRC32();
    crc.update(utf8);
    ByteBuffer block = ByteBuffer.allocateDirect(5 + utf8.length).order(ByteOrder.LITTLE_ENDIAN);
    block.put((byte) 0).putShort((short) utf8.length).putShort((short) ~utf8.length).put(utf8).flip();
    ByteBuffer text = ByteBuffer.allocateDirect(utf8.length).put(utf8).flip();
    return new TextPart(List.of(text.asReadOnlyBuffer()), utf8.length, block.asReadOnlyBuffer(), crc.getValue());
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
