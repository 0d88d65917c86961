package io.pcagent.storage;

/**
 * A file system's capacity, as statvfs reports it: bytes in all, free (root may use them) and available (others
 * may), inodes in all and free.
 */
public record FsStats(long sizeBytes, long freeBytes, long availBytes, long inodesTotal, long inodesFree, boolean readOnly) {
  /** Used share of the space ordinary users may use, as df's Use%: used / (used + available). */
  public double usedPercent() {
    long used = sizeBytes - freeBytes;
    long usable = used + availBytes;
    return usable == 0 ? 0 : 100.0 * used / usable;
  }
}
