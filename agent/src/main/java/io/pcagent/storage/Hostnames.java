package io.pcagent.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name as a file name: what tells one head node's probe files from another's on a shared file system. */
public final class Hostnames {
  private Hostnames() {}

  public static String safeShortName() {
    String name;
    try {
      name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      name = "";
    }
    String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    String safe = shortName.replaceAll("[^A-Za-z0-9_-]", "_");
    return safe.isEmpty() ? "host" : safe;
  }
}
