package io.pcagent.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.images.Squashfs.InvalidImageException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Superblocks of real images made with mksquashfs (squashfs-tools, which make test installs), whole and damaged. */
class SquashfsTest {
  @TempDir Path dir;

  private Path image(String compression) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root-" + compression));
    Files.writeString(root.resolve("hello.txt"), "hello\n".repeat(1000));
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/sh"), "#!/bin/true\n");
    Path image = dir.resolve(compression + ".sqsh");
    new CommandRunner().run(Command.of("mksquashfs", root.toString(), image.toString(), "-comp", compression, "-noappend",
        "-no-progress", "-mkfs-time", "1700000000").withTimeout(Duration.ofSeconds(60)));
    return image;
  }

  @Test
  void readsAWholeImageAsEnrootWritesIt() throws Exception {
    Path image = image("lzo");

    Squashfs squashfs = Squashfs.read(image);

    assertThat(squashfs.compression()).isEqualTo("lzo");
    assertThat(squashfs.inodes()).isEqualTo(4);
    assertThat(squashfs.created()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(squashfs.blockSize()).isEqualTo(128 * 1024);
    assertThat(squashfs.fileSize()).isEqualTo(Files.size(image));
    assertThat(squashfs.bytesUsed()).isLessThanOrEqualTo(squashfs.fileSize()).isGreaterThan(Squashfs.SUPERBLOCK_BYTES);
    assertThat(Squashfs.read(image("gzip")).compression()).isEqualTo("gzip");
  }

  @Test
  void aTruncatedImageIsRejectedWithTheSizesItDisagreesOn() throws Exception {
    Path image = image("gzip");
    long bytesUsed = Squashfs.read(image).bytesUsed();
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(bytesUsed / 2);
    }

    assertThatThrownBy(() -> Squashfs.read(image)).isInstanceOf(InvalidImageException.class)
        .hasMessage("truncated: the superblock says " + bytesUsed + " bytes, the file has " + bytesUsed / 2);
  }

  @Test
  void foreignShortAndInconsistentFilesAreRejectedSayingWhy() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.sqsh"), "not an image at all, but long enough to hold a superblock".repeat(3));
    Path tiny = Files.writeString(dir.resolve("tiny.sqsh"), "hsqs");
    Path image = image("gzip");

    assertThatThrownBy(() -> Squashfs.read(text)).hasMessage("not a squashfs image (magic 0x20746f6e, not 0x73717368)");
    assertThatThrownBy(() -> Squashfs.read(tiny)).hasMessage("too short for a squashfs image: 4 bytes");
    assertThatThrownBy(() -> Squashfs.read(Files.createFile(dir.resolve("empty.sqsh")))).hasMessage("too short for a squashfs image: 0 bytes");
    assertThatThrownBy(() -> Squashfs.parse(superblock(image, 12, 5000), Files.size(image)))
        .hasMessage("inconsistent superblock: block size 5000 with block log 17");
    assertThatThrownBy(() -> Squashfs.parse(superblock(image, 20, (short) 9), Files.size(image))).hasMessage("unknown compression id 9");
    assertThatThrownBy(() -> Squashfs.parse(superblock(image, 28, (short) 3), Files.size(image))).hasMessage("squashfs version 3.0, not 4.0");
  }

  /** The image's superblock with one field changed. */
  private static ByteBuffer superblock(Path image, int offset, Number value) throws Exception {
    ByteBuffer block = ByteBuffer.wrap(Files.readAllBytes(image), 0, Squashfs.SUPERBLOCK_BYTES).slice().order(ByteOrder.LITTLE_ENDIAN);
    if (value instanceof Short s) {
      block.putShort(offset, s);
    } else {
      block.putInt(offset, value.intValue());
    }
    return block;
  }
}
