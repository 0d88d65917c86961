package io.pcagent.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.ByteBuf;
import io.pcagent.bytes.DirectChunkOutputStream;
import io.pcagent.collect.Snapshot;
import io.pcagent.metrics.Exposition;
import io.pcagent.metrics.TextPart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The large list answers ({@code /v1/nodes}, {@code /v1/jobs}: 50,000 nodes is 30 MB of JSON), written off the event
 * loop: the whole list once per snapshot and kept for every request until the next snapshot, a filtered or paged
 * answer per request. Paging is {@code ?limit=N&after=KEY} in Slurm's order; {@code next} is the key to ask after.
 */
final class ListBodies<T> {
  static final int MAX_LIMIT = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One view at a time into the array being written; a flush after each would be a write per item. */
  private static final ObjectWriter ITEM = JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  /** A page asked for: at most {@code limit} items after the one whose key is {@code after}. */
  record Page(OptionalInt limit, Optional<String> after) {
    static Page of(QueryParameters query) {
      OptionalInt limit = query.integer("limit", 1, MAX_LIMIT).map(OptionalInt::of).orElse(OptionalInt.empty());
      return new Page(limit, query.get("after"));
    }

    boolean whole() {
      return limit.isEmpty() && after.isEmpty();
    }
  }

  private final String field;
  private final String what;
  private final Function<T, String> key;
  private final Function<T, Map<String, Object>> view;
  private final WholeList<T> whole = new WholeList<>(this::writeWhole);
  private final TextPart gzipHead;

  ListBodies(String field, String what, Function<T, String> key, Function<T, Map<String, Object>> view) {
    this.field = field;
    this.what = what;
    this.key = key;
    this.view = view;
    this.gzipHead = TextPart.stored(opening());
  }

  /** A body and whether it is gzip (only the whole list, kept per snapshot, is sent compressed). */
  record Body(ByteBuf bytes, boolean gzip) {}

  /**
   * The body for the snapshot ({@code filter} empty for every item), made on the calling thread (a worker): the whole
   * list is the snapshot's kept bytes, wrapped, not copied, or with {@code gzip} a gzip member around its kept deflated
   * form; a page or a filtered list is written into pooled direct memory, item view by item view. The caller sends it
   * with {@link Bodies#end}, which frees it.
   */
  Body body(Snapshot<List<T>> snapshot, Optional<Predicate<T>> filter, Page page, Instant now, boolean gzip) {
    List<T> items = snapshot.value().orElse(List.of());
    if (filter.isEmpty() && page.whole()) {
      if (gzip) {
        TextPart tail = TextPart.stored(tail(page, null, snapshot, now));
        return new Body(Bodies.kept(Exposition.gzip(List.of(gzipHead, whole.deflated(items), tail))), true);
      }
      List<ByteBuffer> kept = whole.plain(items);
      ByteBuf head = Bodies.written(out -> out.write(opening()));
      return new Body(Bodies.concat(head, Bodies.kept(kept), Bodies.written(out -> out.write(tail(page, null, snapshot, now)))), false);
    }
    int from = page.after().map(after -> indexAfter(items, after)).orElse(0);
    int limit = page.limit().orElse(Integer.MAX_VALUE);
    Predicate<T> matches = filter.orElse(item -> true);
    return new Body(Bodies.written(out -> {
      out.write(opening());
      String next = writeItems(out, items.subList(from, items.size()), matches, limit);
      out.write(tail(page, next, snapshot, now));
    }), false);
  }

  private byte[] opening() {
    return ("{\"" + field + "\":").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tail(Page page, String next, Snapshot<?> snapshot, Instant now) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    if (page.limit().isPresent()) {
      out.writeBytes(",\"next\":".getBytes(StandardCharsets.UTF_8));
      out.writeBytes(write(next));
    }
    out.writeBytes(",\"source\":".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(write(Views.source(snapshot.status(), now)));
    out.write('}');
    return out.toByteArray();
  }

  private List<ByteBuffer> writeWhole(List<T> items) {
    DirectChunkOutputStream out = new DirectChunkOutputStream();
    writeItems(out, items, item -> true, Integer.MAX_VALUE);
    return out.chunks();
  }

  /** A JSON array of the views of at most {@code limit} matching items; the key to ask after when more were left, else null. */
  private String writeItems(OutputStream out, List<T> items, Predicate<T> matches, int limit) {
    try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
      json.writeStartArray();
      int written = 0;
      T last = null;
      for (T item : items) {
        if (!matches.test(item)) {
          continue;
        }
        if (written == limit) {
          json.writeEndArray();
          return key.apply(last);
        }
        ITEM.writeValue(json, view.apply(item));
        written++;
        last = item;
      }
      json.writeEndArray();
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("views are maps of plain values, written into memory", e);
    }
  }

  private int indexAfter(List<T> items, String after) {
    for (int i = 0; i < items.size(); i++) {
      if (key.apply(items.get(i)).equals(after)) {
        return i + 1;
      }
    }
    throw new ProblemException(Problem.badRequest("after: no " + what + " '" + JsonBody.abbreviate(after)
        + "' in the current snapshot (it may have gone: start again without after)"));
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("views are maps of plain values", e);
    }
  }
}
