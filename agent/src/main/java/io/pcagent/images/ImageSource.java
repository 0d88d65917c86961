package io.pcagent.images;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@code enroot import} takes an image from, in enroot's own URI forms: {@code docker://[USER@][REGISTRY#]IMAGE[:TAG]}
 * (a registry), {@code dockerd://IMAGE[:TAG]} (the head node's Docker daemon) and {@code podman://IMAGE[:TAG]}.
 */
public final class ImageSource {
  public static final int MAX_LENGTH = 1024;
  private static final Pattern URI = Pattern.compile("(docker|dockerd|podman)://([^\\s\\p{Cntrl}]+)");
  /** The characters of enroot's grammar for users, registries, images, tags and digests; enroot judges the rest. */
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.!~*'()%;:&=+$,@#/-]*");

  private ImageSource() {}

  public static Optional<String> problem(String source) {
    if (source.length() > MAX_LENGTH) {
      return Optional.of("is " + source.length() + " characters, at most " + MAX_LENGTH);
    }
    var uri = URI.matcher(source);
    if (!uri.matches()) {
      return Optional.of("must be docker://[USER@][REGISTRY#]IMAGE[:TAG], dockerd://IMAGE[:TAG] or podman://IMAGE[:TAG]");
    }
    if (!REFERENCE.matcher(uri.group(2)).matches()) {
      return Optional.of("'" + uri.group(2) + "' is not an image reference ([USER@][REGISTRY#]IMAGE[:TAG])");
    }
    return Optional.empty();
  }

  /** A registry image, whose digest {@code enroot digest} can tell. */
  public static boolean fromRegistry(String source) {
    return source.startsWith("docker://");
  }
}
