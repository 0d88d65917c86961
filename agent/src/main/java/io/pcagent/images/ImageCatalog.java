package io.pcagent.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.images.Squashfs.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The images folder: {@code NAME.sqsh} files every node can start with {@code srun --container-image}, their metadata
 * beside them, and the {@code NAME.sqsh.partial} an import writes before it is checked and renamed.
 */
public final class ImageCatalog {
  public static final String SUFFIX = ".sqsh";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public ImageCatalog(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The file of an image (whose name must be valid: {@link ImageName}). */
  public Path file(String name) {
    if (!ImageName.valid(name)) {
      throw new IllegalArgumentException("not an image name: " + name);
    }
    return dir.resolve(name + SUFFIX);
  }

  Path partial(String name) {
    return dir.resolve(file(name).getFileName() + ".partial");
  }

  private Path metadataFile(String name) {
    return dir.resolve("." + file(name).getFileName() + ".json");
  }

  /** Every image, by name; none when the folder does not exist yet. */
  public List<Image> list() throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(dir)) {
      files = entries.filter(path -> path.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(path)).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Image> images = new ArrayList<>();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      try {
        images.add(describe(fileName.substring(0, fileName.length() - SUFFIX.length()), file));
      } catch (NoSuchFileException e) {
        // deleted while listing
      }
    }
    return images;
  }

  public Optional<Image> find(String name) throws IOException {
    Path file = file(name);
    try {
      return Optional.of(describe(name, file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  public boolean exists(String name) {
    return Files.exists(file(name));
  }

  /** Removes an image and its metadata; false when there was none. */
  public boolean delete(String name) throws IOException {
    boolean existed = Files.deleteIfExists(file(name));
    Files.deleteIfExists(metadataFile(name));
    return existed;
  }

  /**
   * Makes a finished import an image: its superblock is checked (an invalid file is removed), its SHA-256 taken, its
   * metadata written, and only then is it renamed to {@code NAME.sqsh}, so that no node ever sees half an image.
   */
  public Image publish(String name, ImageMetadata metadata) throws IOException, InvalidImageException {
    Path partial = partial(name);
    try {
      Squashfs.read(partial);
    } catch (InvalidImageException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    ImageMetadata withDigest = new ImageMetadata(metadata.source(), metadata.digest(), metadata.importedAt(), metadata.runId(),
        sha256(partial));
    Path file = file(name);
    if (Files.exists(file)) {
      Files.deleteIfExists(partial);
      throw new FileAlreadyExistsException(file.toString(), null, "an image of that name appeared during the import");
    }
    Path metadataTemp = dir.resolve("." + name + ".json.tmp");
    JSON.writeValue(metadataTemp.toFile(), withDigest);
    move(metadataTemp, metadataFile(name));
    move(partial, file);
    return describe(name, file);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private Image describe(String name, Path file) throws IOException {
    long size = Files.size(file);
    Optional<ImageMetadata> metadata = ImageName.valid(name) ? readMetadata(name) : Optional.empty();
    try {
      return new Image(name, file, size, Optional.of(Squashfs.read(file)), Optional.empty(), metadata);
    } catch (InvalidImageException e) {
      return new Image(name, file, size, Optional.empty(), Optional.of(e.getMessage()), metadata);
    }
  }

  private Optional<ImageMetadata> readMetadata(String name) {
    try {
      return Optional.of(JSON.readValue(metadataFile(name).toFile(), ImageMetadata.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
      return "sha256:" + HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
