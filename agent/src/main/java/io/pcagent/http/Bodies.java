package io.pcagent.http;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Response bodies written elsewhere (the metrics text, the node list), handed to Vert.x without a copy, in as many
 * parts as they come in:
 * {@link Buffer#buffer(byte[])} copies, and a copy of tens of megabytes on the event loop holds every request.
 */
final class Bodies {
  private Bodies() {}

  /** Buffers (a kept body is in direct memory) shared by many responses: each gets its own views of them. */
  static Buffer wrap(List<ByteBuffer> shared) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(shared.stream().map(ByteBuffer::duplicate).toArray(ByteBuffer[]::new)));
  }
}
