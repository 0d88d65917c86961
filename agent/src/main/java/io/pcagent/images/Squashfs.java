package io.pcagent.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The superblock of a squashfs 4.0 image (the first 96 bytes, little-endian), read to tell a whole image from a
 * truncated or foreign file: magic, version, block size, compression, and the bytes the image says it uses against
 * the file's size (mksquashfs writes the superblock last, so a cut-short file has none or a short one).
 */
public record Squashfs(long inodes, Instant created, int blockSize, String compression, long bytesUsed, long fileSize) {
  static final int SUPERBLOCK_BYTES = 96;
  private static final int MAGIC = 0x73717368;
  private static final List<String> COMPRESSIONS = List.of("gzip", "lzma", "lzo", "xz", "lz4", "zstd");

  /** Why a file is not a usable squashfs image. */
  public static final class InvalidImageException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidImageException(String message) {
      super(message);
    }
  }

  public static Squashfs read(Path file) throws IOException, InvalidImageException {
    ByteBuffer block = ByteBuffer.allocate(SUPERBLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    long size;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
      while (block.hasRemaining() && channel.read(block) >= 0) {
        // reads until the superblock is full or the file ends
      }
    }
    if (block.position() < SUPERBLOCK_BYTES) {
      throw new InvalidImageException("too short for a squashfs image: " + size + " bytes");
    }
    block.flip();
    return parse(block, size);
  }

  static Squashfs parse(ByteBuffer block, long fileSize) throws InvalidImageException {
    int magic = block.getInt(0);
    if (magic != MAGIC) {
      throw new InvalidImageException(String.format("not a squashfs image (magic 0x%08x, not 0x%08x)", magic, MAGIC));
    }
    int major = Short.toUnsignedInt(block.getShort(28));
    int minor = Short.toUnsignedInt(block.getShort(30));
    if (major != 4 || minor != 0) {
      throw new InvalidImageException("squashfs version " + major + "." + minor + ", not 4.0");
    }
    long inodes = Integer.toUnsignedLong(block.getInt(4));
    long created = Integer.toUnsignedLong(block.getInt(8));
    int blockSize = block.getInt(12);
    int blockLog = Short.toUnsignedInt(block.getShort(22));
    if (blockSize < 4096 || blockSize > 1 << 20 || blockLog > 20 || 1 << blockLog != blockSize) {
      throw new InvalidImageException("inconsistent superblock: block size " + blockSize + " with block log " + blockLog);
    }
    int compression = Short.toUnsignedInt(block.getShort(20));
    if (compression < 1 || compression > COMPRESSIONS.size()) {
      throw new InvalidImageException("unknown compression id " + compression);
    }
    if (inodes == 0) {
      throw new InvalidImageException("inconsistent superblock: no inodes");
    }
    long bytesUsed = block.getLong(40);
    if (bytesUsed > fileSize) {
      throw new InvalidImageException("truncated: the superblock says " + bytesUsed + " bytes, the file has " + fileSize);
    }
    for (int offset : new int[] {48, 64, 72}) {
      long tableStart = block.getLong(offset);
      if (tableStart < SUPERBLOCK_BYTES || tableStart >= bytesUsed) {
        throw new InvalidImageException("inconsistent superblock: a table at byte " + tableStart + " outside the "
            + bytesUsed + " bytes used");
      }
    }
    return new Squashfs(inodes, Instant.ofEpochSecond(created), blockSize, COMPRESSIONS.get(compression - 1), bytesUsed, fileSize);
  }
}
