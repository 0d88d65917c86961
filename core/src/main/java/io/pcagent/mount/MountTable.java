package io.pcagent.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mounts as a process's /proc/PID/mountinfo lists them (proc(5)): mount point and super options with octal escapes
 * such as {@code \040} decoded. Reading it never touches the mounted file systems, so it cannot hang on one.
 */
public final class MountTable {
  private MountTable() {}

  public static List<MountEntry> ofSelf() {
    return read(Path.of("/proc/self/mountinfo"));
  }

  public static List<MountEntry> of(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "mountinfo"));
  }

  public static boolean isMountPoint(Path path) {
    return find(ofSelf(), path).isPresent();
  }

  /** The mount at exactly {@code path}; when several are stacked there, the last (the one that is seen). */
  public static Optional<MountEntry> find(List<MountEntry> entries, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    MountEntry found = null;
    for (MountEntry entry : entries) {
      if (entry.mountPoint().equals(absolute)) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  public static List<MountEntry> read(Path mountinfo) {
    try {
      return parse(Files.readAllLines(mountinfo));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines that do not have mountinfo's shape are left out. */
  public static List<MountEntry> parse(List<String> lines) {
    List<MountEntry> entries = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length < 10 || separator < 6 || separator + 3 >= fields.length) {
        continue;
      }
      entries.add(new MountEntry(Path.of(unescape(fields[4])), fields[separator + 1], unescape(fields[separator + 2]),
          List.of(fields[5].split(",")), List.of(fields[separator + 3].split(","))));
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
