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

  /** This view of the mount is read-only: a read-only bind (as systemd's ProtectSystem= makes) or a read-only file system. */
  public boolean readOnly() {
    return mountOptions.contains("ro");
  }

  /**
   * The file system itself is read-only (its super options say {@code ro}), whatever this view of it: a read-only bind
   * remount changes the per-mount options only (mountinfo's sixth field) and leaves the super options {@code rw}, which
   * is how every mount looks from inside a unit with {@code ProtectSystem=strict} (proc(5), /proc/pid/mountinfo).
   */
  public boolean fileSystemReadOnly() {
    return superOptions.contains("ro");
  }
}
