package io.pcagent.images;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code .sqsh} file of the images folder: its superblock when it is a whole squashfs image, else why it is not,
 * and the agent's metadata when the agent imported it.
 */
public record Image(String name, Path path, long sizeBytes, Optional<Squashfs> squashfs, Optional<String> invalid,
    Optional<ImageMetadata> metadata) {
  public boolean available() {
    return squashfs.isPresent();
  }
}
