package io.pcagent.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name as slurmd sees it (gethostname, without a domain). */
final class Hostnames {
  private Hostnames() {}

  static String shortHostname() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      int dot = name.indexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read this host's name", e);
    }
  }
}
