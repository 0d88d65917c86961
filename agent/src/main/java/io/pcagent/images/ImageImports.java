package io.pcagent.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.concurrent.Waits;
import io.pcagent.runner.ImageDeletions;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunKind;
import io.pcagent.runner.RunStore;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent's side of images: the catalog to read, and imports queued for the runner, one at a time per name (an
 * image of that name, or an import of it not yet finished, makes another a conflict).
 */
public final class ImageImports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DELETION_POLL = Duration.ofMillis(100);

  private final ImageCatalog catalog;
  private final RunStore store;
  private final Waits waits;

  public ImageImports(ImageCatalog catalog, RunStore store) {
    this(catalog, store, Waits.system());
  }

  public ImageImports(ImageCatalog catalog, RunStore store, Waits waits) {
    this.catalog = catalog;
    this.store = store;
    this.waits = waits;
  }

  /** What came of asking for an import: a queued run, or why the name is taken. */
  public sealed interface Queued permits Accepted, Conflict {}

  public record Accepted(Run run) implements Queued {}

  public record Conflict(String detail) implements Queued {}

  public ImageCatalog catalog() {
    return catalog;
  }

  public synchronized Queued queue(ImageImportRequest request) throws SQLException {
    if (catalog.exists(request.name())) {
      return new Conflict("image " + request.name() + " already exists (DELETE /v1/images/" + request.name() + " first)");
    }
    Optional<Run> running = importOf(request.name());
    if (running.isPresent()) {
      return new Conflict("image " + request.name() + " is being imported by run " + running.get().id()
          + " (" + running.get().state().label() + ")");
    }
    return new Accepted(store.insert(RunKind.IMAGE_IMPORT, write(request)));
  }

  /**
   * Asks the runner to delete an image (the agent may not write the job user's images folder) and waits up to
   * {@code wait} for it to be done, unless the image is being imported.
   */
  public ImageDeletion delete(String name, Duration wait) throws SQLException, InterruptedException {
    synchronized (this) {
      Optional<Run> running = importOf(name);
      if (running.isPresent()) {
        return new ImageDeletion.Conflict("image " + name + " is being imported by run " + running.get().id());
      }
      store.imageDeletions().request(name);
    }
    Optional<ImageDeletions.Done> done = waits.until(wait, DELETION_POLL, () -> store.imageDeletions().outcome(name));
    if (done.isEmpty()) {
      return new ImageDeletion.Requested();
    }
    return switch (done.get().outcome()) {
      case DELETED -> new ImageDeletion.Deleted();
      case NOT_FOUND -> new ImageDeletion.NotFound();
      case FAILED -> new ImageDeletion.Failed(done.get().detail());
    };
  }

  /** What the runner runs for a deletion: the image and its metadata removed. */
  public static ImageDeletions.Deleter deleter(ImageCatalog catalog) {
    return name -> catalog.delete(name) ? ImageDeletions.Outcome.DELETED : ImageDeletions.Outcome.NOT_FOUND;
  }

  /** Reads the images folder (which may hang: call it off any thread that must answer). */
  public ImagesSummary summary() throws IOException, SQLException {
    List<Image> images = catalog.list();
    long available = images.stream().filter(Image::available).count();
    return new ImagesSummary(available, images.size() - available, active().size());
  }

  /** Imports not yet finished, oldest first. */
  public List<Run> active() throws SQLException {
    return store.active(RunKind.IMAGE_IMPORT);
  }

  /** The unfinished import of a name, if any. */
  public Optional<Run> importOf(String name) throws SQLException {
    return active().stream().filter(run -> request(run).map(r -> r.name().equals(name)).orElse(false)).findFirst();
  }

  /** The most recent import of a name, finished or not. */
  public Optional<Run> lastImportOf(String name) throws SQLException {
    return store.list(RunKind.IMAGE_IMPORT, 200).stream().filter(run -> request(run).map(r -> r.name().equals(name)).orElse(false))
        .findFirst();
  }

  public static Optional<ImageImportRequest> request(Run run) {
    try {
      return Optional.of(JSON.readValue(run.parameters(), ImageImportRequest.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String write(ImageImportRequest request) {
    try {
      return JSON.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("two strings always serialize", e);
    }
  }
}
