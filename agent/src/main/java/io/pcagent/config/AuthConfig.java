package io.pcagent.config;

import java.nio.file.Path;

/**
 * The API token: a file readable by its owner only, created with a random token at first start when missing.
 * Mutating endpoints always need it; {@code protectReads} makes every /v1 read need it too.
 */
public record AuthConfig(Path tokenFile, boolean protectReads) {
  public static final AuthConfig DEFAULTS = new AuthConfig(Path.of("/etc/pcluster-agent/token"), false);
}
