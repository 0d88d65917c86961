package io.pcagent.images;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of an image in the images folder, which becomes its file name ({@code NAME.sqsh}): checked before it comes
 * near a path, so that no name reaches outside the folder.
 */
public final class ImageName {
  public static final int MAX_LENGTH = 128;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  private ImageName() {}

  /** What is wrong with {@code name} as an image name, if anything. */
  public static Optional<String> problem(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      return Optional.of("must be 1 to " + MAX_LENGTH + " characters, got " + name.length());
    }
    if (name.contains("/")) {
      return Optional.of("must not contain '/'");
    }
    if (name.contains("..")) {
      return Optional.of("must not contain '..'");
    }
    if (name.endsWith(ImageCatalog.SUFFIX)) {
      return Optional.of("is given without " + ImageCatalog.SUFFIX + " (the file is NAME" + ImageCatalog.SUFFIX + ")");
    }
    if (!ALLOWED.matcher(name).matches()) {
      return Optional.of("may hold letters, digits, '.', '_', '+' and '-', and starts with a letter or digit");
    }
    return Optional.empty();
  }

  public static boolean valid(String name) {
    return problem(name).isEmpty();
  }
}
