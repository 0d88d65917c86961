package io.pcagent.mount;

import java.nio.file.Path;
import java.util.List;

/**
 * One mountinfo line: where, what kind, from what, and its options.
 *
 * @param mountOptions the per-mount options ({@code rw} or {@code ro}, nosuid...)
 * @param superOptions the file system's own options (for Lustre and NFS the server's settings)
 */
public record MountEntry(Path mountPoint, String type, String source, List<String> mountOptions, List<String> superOptions) {
  public MountEntry {
    mountOptions = List.copyOf(mountOptions);
    superOptions = List.copyOf(superOptions);
  }

  public boolean readOnly() {
    return mountOptions.contains("ro");
  }
}
