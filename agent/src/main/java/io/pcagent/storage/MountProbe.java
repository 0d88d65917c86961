package io.pcagent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * One look at a mounted file system: statvfs, then a small file written, fsynced, read back and deleted, which is
 * what a job on a hung or broken Lustre or NFS client would block on or fail at. Blocks as long as the file system
 * does: run it on a thread of its own.
 *
 * <p>The file goes into {@value #PROBE_DIR} at the mount's root, not the root itself: the installed agent runs as
 * its own user in a read-only view of the file system, and {@code pcluster-agent prepare} gives it that one folder
 * per mount (owned by it, writable in its systemd unit). An agent that may create the folder (root, the sandbox)
 * makes it on the first probe. The round trip runs whatever statvfs says of the mount point: in the unit's view every
 * mount is a read-only bind (statvfs reports ST_RDONLY for it too), while the probe folder is bound writable; a write
 * there failing with EROFS is a file system that really is read-only.
 */
final class MountProbe {
  static final String PROBE_DIR = ".pcluster-agent";

  private final String host;

  MountProbe(String host) {
    this.host = host;
  }

  record Result(FsStats stats, Duration latency, String writeProblem) {}

  Result run(Path mountPoint) throws IOException {
    long started = System.nanoTime();
    FsStats stats = Statvfs.of(mountPoint);
    String writeProblem = roundTrip(mountPoint);
    return new Result(stats, Duration.ofNanos(System.nanoTime() - started), writeProblem);
  }

  /** Null when the round trip worked, else what failed. A mount the agent may not write to says so. */
  private String roundTrip(Path mountPoint) {
    Path dir = mountPoint.resolve(PROBE_DIR);
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectory(dir);
      } catch (IOException e) {
        return dir + " is missing and the agent cannot create it (" + e + "); pcluster-agent prepare creates it";
      }
    }
    Path file = dir.resolve("probe-" + host);
    byte[] token = ("pcluster-agent probe " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap(token));
        channel.force(true);
      }
      byte[] back = Files.readAllBytes(file);
      if (!Arrays.equals(back, token)) {
        return "the probe file read back differs from what was written";
      }
      return null;
    } catch (FileSystemException e) {
      return "Read-only file system".equals(e.getReason())
          ? "read-only: writing " + file + " failed with EROFS, read-write expected"
          : "write/fsync/read of " + file + " failed: " + e;
    } catch (IOException e) {
      return "write/fsync/read of " + file + " failed: " + e;
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // reported by the round trip's own failure when it matters
      }
    }
  }
}
