package io.pcagent.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bearer token clients present; kept in a file only its owner can read. */
public final class ApiToken {
  private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final byte[] token;

  private ApiToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the token file, creating it (0600, 32 random bytes in hex) when it does not exist. */
  public static ApiToken loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
        LOG.info("created the API token in {} (owner-only); clients send it as 'Authorization: Bearer <token>'", file);
      } catch (FileAlreadyExistsException e) {
        LOG.debug("{} appeared meanwhile: another process created it", file);
      }
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
      throw new IOException(file + " is " + PosixFilePermissions.toString(permissions)
          + ": others could read the API token; chmod 600 " + file);
    }
    String token = Files.readString(file).strip();
    if (token.length() < 16) {
      throw new IOException(file + " holds a token of " + token.length() + " characters; at least 16 are needed");
    }
    return new ApiToken(token);
  }

  /** Whether an Authorization header carries this token; compared in constant time. */
  public boolean accepts(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
      return false;
    }
    byte[] presented = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token);
  }
}
