package io.pcagent.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mounts as a process's /proc/PID/mountinfo lists them (mount points with octal escapes such as \040 decoded). */
final class Mounts {
  /** One mountinfo line: where, what kind, from what. */
  record Entry(Path mountPoint, String type, String source) {}

  private Mounts() {}

  static List<Entry> of(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "mountinfo"));
  }

  static boolean isMountPoint(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return read(Path.of("/proc/self/mountinfo")).stream().anyMatch(e -> e.mountPoint().equals(absolute));
  }

  static List<Entry> read(Path mountinfo) {
    try {
      return parse(Files.readAllLines(mountinfo));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Entry> parse(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length < 10 || separator < 6 || separator + 2 >= fields.length) {
        continue;
      }
      entries.add(new Entry(Path.of(unescape(fields[4])), fields[separator + 1], unescape(fields[separator + 2])));
    }
    return entries;
  }

  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
