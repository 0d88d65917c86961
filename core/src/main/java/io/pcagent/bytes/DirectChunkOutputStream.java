package io.pcagent.bytes;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes written into chunks of direct memory, for a large body kept for many responses (the metrics text, the whole
 * node list): it is neither a heap array the size of the body nor copied into direct memory on every write to a socket.
 * Chunks start small and double up to 1 MiB, so a small body does not hold a large chunk. Not thread-safe.
 */
public final class DirectChunkOutputStream extends OutputStream {
  private static final int FIRST_CHUNK = 16 * 1024;
  private static final int MAX_CHUNK = 1024 * 1024;

  private final List<ByteBuffer> chunks = new ArrayList<>();
  private ByteBuffer current = ByteBuffer.allocateDirect(FIRST_CHUNK);
  private long length;
  private boolean closed;

  @Override
  public void write(int b) {
    if (!current.hasRemaining()) {
      next();
    }
    current.put((byte) b);
    length++;
  }

  @Override
  public void write(byte[] bytes, int offset, int count) {
    int from = offset;
    int left = count;
    while (left > 0) {
      if (!current.hasRemaining()) {
        next();
      }
      int n = Math.min(left, current.remaining());
      current.put(bytes, from, n);
      from += n;
      left -= n;
    }
    length += count;
  }

  public long length() {
    return length;
  }

  /** The bytes written, as read-only chunks; nothing may be written after. */
  public List<ByteBuffer> chunks() {
    if (!closed) {
      closed = true;
      current.flip();
      chunks.add(current);
      current = ByteBuffer.allocate(0);
    }
    return chunks.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
  }

  private void next() {
    if (closed) {
      throw new IllegalStateException("written after chunks() was taken");
    }
    current.flip();
    chunks.add(current);
    current = ByteBuffer.allocateDirect(Math.min(MAX_CHUNK, current.capacity() * 2));
  }
}
