package io.pcagent.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * Response bodies in direct memory, made where they are written (a worker), so that the event loop only hands bytes to
 * the socket. A body in heap memory is copied by Netty into direct memory on the event loop at write time, and a copy
 * of megabytes there (a page of nodes, a health report naming thousands of nodes) holds every other request: on a
 * fresh machine a new 4 MiB pool chunk was zeroed there for 112 ms (docs/benchmarks.md, "The event loop").
 *
 * <p>Two kinds of part. Bodies kept for many responses (the metrics text, the whole node list) are wrapped, never
 * copied. Bytes written for one request go into Netty's pooled direct memory, and {@link #end} gives them back once the
 * response is written or has failed: Vert.x hands Netty an unreleasable view of every buffer that is not its own heap
 * buffer, so nobody else ever would (ResponseMemoryTest: 52 MB of the pool held after 150 responses before).
 */
final class Bodies {
  private Bodies() {}

  /** Wraps direct buffers shared by many responses: each response gets its own views, no bytes are copied. */
  static ByteBuf kept(List<ByteBuffer> shared) {
    ByteBuf[] parts = new ByteBuf[shared.size()];
    for (int i = 0; i < parts.length; i++) {
      ByteBuffer part = shared.get(i);
      if (!part.isDirect()) {
        throw new IllegalArgumentException("a kept body part in heap memory would be copied on the event loop for every response");
      }
      parts[i] = Unpooled.wrappedBuffer(part.duplicate());
    }
    return Unpooled.wrappedBuffer(parts);
  }

  /** Pooled direct memory for one response, written by {@code writer} on the calling thread; {@link #end} frees it. */
  static ByteBuf written(Writer writer) {
    ByteBuf body = PooledByteBufAllocator.DEFAULT.directBuffer();
    try (OutputStream out = new ByteBufOutputStream(body)) {
      writer.write(out);
      return body;
    } catch (IOException e) {
      body.release();
      throw new UncheckedIOException("writing a response body into memory", e);
    } catch (RuntimeException | Error e) {
      body.release();
      throw e;
    }
  }

  /** Parts in their order as one body; releasing it releases each part. */
  static ByteBuf concat(ByteBuf... parts) {
    return Unpooled.wrappedBuffer(parts);
  }

  /**
   * Ends the response that {@code response} prepares (status, headers) with {@code body}, and frees the body's own
   * memory once Netty is done with it, or at once when the response cannot be sent (its connection closed meanwhile).
   */
  static Future<Void> end(ByteBuf body, Supplier<HttpServerResponse> response) {
    Future<Void> written;
    try {
      written = response.get().end(BufferInternal.buffer(body));
    } catch (RuntimeException e) {
      body.release();
      throw e;
    }
    return written.onComplete(result -> body.release());
  }

  /** Writes bytes into a body. */
  @FunctionalInterface
  interface Writer {
    void write(OutputStream out) throws IOException;
  }
}
