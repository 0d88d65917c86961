package io.pcagent.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Response bodies written elsewhere (the metrics text, the node list), handed to Vert.x without a copy, in as many
 * parts as they come in: {@link Buffer#buffer(byte[])} copies, and a copy of tens of megabytes on the event loop holds
 * every request. Every part is direct memory: Netty copies a body with one heap part into a new direct buffer whole,
 * which for the 31 MB node list of 50,000 nodes was a 31 MB copy per response (measured: 0 lists a second served).
 */
final class Bodies {
  private Bodies() {}

  /** Buffers (a kept body's in direct memory) shared by many responses: each gets its own views; heap parts are copied once. */
  static Buffer wrap(List<ByteBuffer> shared) {
    ByteBuf[] parts = new ByteBuf[shared.size()];
    for (int i = 0; i < parts.length; i++) {
      ByteBuffer part = shared.get(i);
      if (part.isDirect()) {
        parts[i] = Unpooled.wrappedBuffer(part.duplicate());
      } else {
        parts[i] = PooledByteBufAllocator.DEFAULT.directBuffer(part.remaining()).writeBytes(part.duplicate());
      }
    }
    return BufferInternal.buffer(Unpooled.wrappedBuffer(parts));
  }
}
