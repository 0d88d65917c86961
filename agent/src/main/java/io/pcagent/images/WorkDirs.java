package io.pcagent.images;

import io.pcagent.config.ImagesConfig;
import io.pcagent.exec.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where enroot works during an import, as the job user: its cache, data, runtime and temporary folders under the
 * head node's work folder (the job user has no home), owned by that user and private to it, and the images folder,
 * which the agent makes the job user's when it creates it.
 */
final class WorkDirs {
  private static final String RUNUSER = "runuser";

  private final ImagesConfig config;
  private final String user;

  WorkDirs(ImagesConfig config, String user) {
    this.config = config;
    this.user = user;
  }

  /** Creates what is missing; returns enroot's environment (the configured one over these folders). */
  Map<String, String> prepare(Path imagesDir) throws IOException {
    if (!Files.isDirectory(imagesDir)) {
      Files.createDirectories(imagesDir);
      own(imagesDir, "rwxr-xr-x");
    }
    Map<String, String> environment = new TreeMap<>();
    Files.createDirectories(config.workDir());
    for (String part : List.of("cache", "data", "runtime", "tmp")) {
      Path dir = config.workDir().resolve(part);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        own(dir, "rwx------");
      }
      environment.put("ENROOT_" + (part.equals("tmp") ? "TEMP" : part.toUpperCase(Locale.ROOT)) + "_PATH", dir.toString());
    }
    environment.putAll(config.environment());
    return environment;
  }

  /** A command as the job user: through runuser when this process is someone else (root), directly when it is that user. */
  Command asUser(List<String> argv) {
    if (user.equals(System.getProperty("user.name"))) {
      return Command.of(argv);
    }
    List<String> wrapped = new ArrayList<>(List.of(RUNUSER, "-u", user, "--"));
    wrapped.addAll(argv);
    return Command.of(wrapped);
  }

  private void own(Path dir, String mode) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    if (!user.equals(System.getProperty("user.name"))) {
      UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
      Files.setOwner(dir, owner);
    }
  }
}
