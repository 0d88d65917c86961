package io.pcagent.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.config.ImagesConfig;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import io.pcagent.images.Squashfs.InvalidImageException;
import io.pcagent.runner.LocalRunHandler;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunHandler.Outcome;
import io.pcagent.runner.RunState;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Image imports, done by the runner on the head node as the hands-on does them there ({@code enroot import}, which
 * for dockerd:// needs the head node's Docker daemon): as the job user, never root, into {@code NAME.sqsh.partial},
 * published by {@link ImageCatalog#publish} only once enroot has succeeded and the file reads as a whole image.
 * enroot's [INFO]/[WARN]/[ERROR] lines go into the run's history as they come.
 */
public final class ImageImportHandler implements LocalRunHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOG_LINE = Pattern.compile("\\[(INFO|WARN|ERROR)] .*");
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Duration DIGEST_TIMEOUT = Duration.ofMinutes(2);
  private static final int OUTPUT_LIMIT = 1024 * 1024;

  private final ImagesConfig config;
  private final ImageCatalog catalog;
  private final WorkDirs workDirs;
  private final CommandRunner runner;
  private final Clock clock;

  public ImageImportHandler(ImagesConfig config, String user, CommandRunner runner, Clock clock) {
    this.config = config;
    this.catalog = new ImageCatalog(config.dir());
    this.workDirs = new WorkDirs(config, user);
    this.runner = runner;
    this.clock = clock;
  }

  @Override
  public int concurrency() {
    return config.concurrentImports();
  }

  @Override
  public void abandon(Run run) throws IOException {
    Files.deleteIfExists(catalog.partial(request(run).name()));
  }

  @Override
  public Outcome run(Run run, Consumer<String> progress) throws IOException, CommandFailedException, InterruptedException {
    ImageImportRequest request = request(run);
    if (catalog.exists(request.name())) {
      return failed("image " + request.name() + " already exists in " + catalog.dir());
    }
    Map<String, String> environment = workDirs.prepare(catalog.dir());
    Path partial = catalog.partial(request.name());
    Files.deleteIfExists(partial);
    Optional<String> digest = digest(request.source(), environment, progress);
    Command command = workDirs.asUser(List.of(config.enroot(), "import", "--output", partial.toString(), "--", request.source()))
        .withEnvironment(environment).withTimeout(config.importTimeout()).withOutputLimit(OUTPUT_LIMIT);
    List<String> errors = new ArrayList<>();
    CommandResult result;
    try {
      result = runner.runAllowingFailure(command, line -> keep(line, progress, errors));
    } catch (CommandFailedException e) {
      Files.deleteIfExists(partial);
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped during the import of " + request.name());
      }
      return failed("enroot import " + e.getMessage());
    }
    if (!result.succeeded()) {
      Files.deleteIfExists(partial);
      String why = errors.isEmpty() ? tail(result.stderr()) : String.join("; ", errors);
      return failed("enroot import failed (exit " + result.exitCode() + "): " + why);
    }
    try {
      Image image = catalog.publish(request.name(), new ImageMetadata(request.source(), digest.orElse(null),
          clock.instant().toString(), run.id(), null));
      Map<String, Object> view = ImageViews.image(image);
      return new Outcome(RunState.SUCCEEDED, "imported " + request.name() + " (" + image.sizeBytes() + " bytes)",
          JSON.writeValueAsString(view));
    } catch (InvalidImageException e) {
      return failed("enroot import wrote an invalid image, removed: " + e.getMessage());
    } catch (FileAlreadyExistsException e) {
      return failed("image " + request.name() + " already exists in " + catalog.dir() + ": " + e.getReason());
    }
  }

  /** The registry's digest of the image, for the record; an import goes on without it. */
  private Optional<String> digest(String source, Map<String, String> environment, Consumer<String> progress) {
    if (!ImageSource.fromRegistry(source)) {
      return Optional.empty();
    }
    Command command = workDirs.asUser(List.of(config.enroot(), "digest", "--", source))
        .withEnvironment(environment).withTimeout(DIGEST_TIMEOUT).withOutputLimit(OUTPUT_LIMIT);
    try {
      String out = runner.run(command).stdout().strip();
      return out.matches("sha256:[0-9a-f]{64}") ? Optional.of(out) : Optional.empty();
    } catch (CommandFailedException e) {
      progress.accept("[WARN] no digest: enroot digest " + e.getMessage());
      return Optional.empty();
    }
  }

  private static void keep(String line, Consumer<String> progress, List<String> errors) {
    String clean = ANSI.matcher(line).replaceAll("").strip();
    if (LOG_LINE.matcher(clean).matches()) {
      progress.accept(clean);
      if (clean.startsWith("[ERROR]") && errors.size() < 5) {
        errors.add(clean);
      }
    }
  }

  private static ImageImportRequest request(Run run) throws IOException {
    return JSON.readValue(run.parameters(), ImageImportRequest.class);
  }

  private static Outcome failed(String message) {
    return new Outcome(RunState.FAILED, message, null);
  }

  private static String tail(String stderr) {
    String stripped = stderr.strip();
    int lastLine = stripped.lastIndexOf('\n');
    return lastLine < 0 ? stripped : stripped.substring(lastLine + 1);
  }
}
