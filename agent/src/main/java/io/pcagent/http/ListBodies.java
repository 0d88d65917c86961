package io.pcagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.collect.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
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

  private record Written(List<?> list, byte[] items) {}

  private final String field;
  private final String what;
  private final Function<T, String> key;
  private final Function<T, Map<String, Object>> view;
  private final AtomicReference<Written> whole = new AtomicReference<>();

  ListBodies(String field, String what, Function<T, String> key, Function<T, Map<String, Object>> view) {
    this.field = field;
    this.what = what;
    this.key = key;
    this.view = view;
  }

  /**
   * The body for the snapshot, in parts (the whole list is the snapshot's kept bytes, not copied); {@code filter} empty
   * for every item. Blocks for as long as writing takes.
   */
  List<byte[]> body(Snapshot<List<T>> snapshot, Optional<Predicate<T>> filter, Page page, Instant now) {
    List<T> items = snapshot.value().orElse(List.of());
    byte[] itemsJson;
    String next = null;
    if (filter.isEmpty() && page.whole()) {
      itemsJson = wholeList(items);
    } else {
      int from = page.after().map(after -> indexAfter(items, after)).orElse(0);
      int limit = page.limit().orElse(Integer.MAX_VALUE);
      Predicate<T> matches = filter.orElse(item -> true);
      List<Map<String, Object>> views = new ArrayList<>();
      T last = null;
      for (int i = from; i < items.size(); i++) {
        T item = items.get(i);
        if (!matches.test(item)) {
          continue;
        }
        if (views.size() == limit) {
          next = key.apply(last);
          break;
        }
        views.add(view.apply(item));
        last = item;
      }
      itemsJson = write(views);
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream(512);
    if (page.limit().isPresent()) {
      tail.writeBytes(",\"next\":".getBytes(StandardCharsets.UTF_8));
      tail.writeBytes(write(next));
    }
    tail.writeBytes(",\"source\":".getBytes(StandardCharsets.UTF_8));
    tail.writeBytes(write(Views.source(snapshot.status(), now)));
    tail.write('}');
    return List.of(("{\"" + field + "\":").getBytes(StandardCharsets.UTF_8), itemsJson, tail.toByteArray());
  }

  private byte[] wholeList(List<T> items) {
    Written written = whole.get();
    if (written == null || written.list() != items) {
      written = new Written(items, write(items.stream().map(view).toList()));
      whole.set(written);
    }
    return written.items();
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
