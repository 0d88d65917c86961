package io.pcagent.storage;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code statvfs(3)} of glibc through JNA: size, free and available space and inodes of the file system at a path,
 * as {@code df} shows them, without forking {@code df}. A hung mount makes the call hang: call it only from a thread
 * that may stay blocked (see {@link MountProbe}).
 */
public final class Statvfs {
  /** glibc's struct statvfs on 64-bit Linux (x86_64 and aarch64): unsigned longs, then six spare ints. */
  @Structure.FieldOrder({"f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree", "f_favail",
      "f_fsid", "f_flag", "f_namemax", "f_spare"})
  public static final class Struct extends Structure {
    public long f_bsize;
    public long f_frsize;
    public long f_blocks;
    public long f_bfree;
    public long f_bavail;
    public long f_files;
    public long f_ffree;
    public long f_favail;
    public long f_fsid;
    public long f_flag;
    public long f_namemax;
    public int[] f_spare = new int[6];
  }

  interface LibC extends Library {
    int statvfs(String path, Struct buffer) throws LastErrorException;
  }

  private static final LibC LIBC = Native.load("c", LibC.class);
  /** ST_RDONLY in f_flag. */
  private static final long READ_ONLY = 1;

  private Statvfs() {}

  public static FsStats of(Path path) throws IOException {
    Struct buffer = new Struct();
    try {
      LIBC.statvfs(path.toString(), buffer);
    } catch (LastErrorException e) {
      throw new IOException("statvfs " + path + ": errno " + e.getErrorCode(), e);
    }
    long unit = buffer.f_frsize != 0 ? buffer.f_frsize : buffer.f_bsize;
    return new FsStats(buffer.f_blocks * unit, buffer.f_bfree * unit, buffer.f_bavail * unit, buffer.f_files,
        buffer.f_ffree, (buffer.f_flag & READ_ONLY) != 0);
  }

}
