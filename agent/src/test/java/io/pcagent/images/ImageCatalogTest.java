package io.pcagent.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.images.Squashfs.InvalidImageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCatalogTest {
  @TempDir Path dir;

  private ImageCatalog catalog() {
    return new ImageCatalog(dir.resolve("images"));
  }

  private void importedAs(ImageCatalog catalog, String name) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(root.resolve("etc-hostname"), "node\n");
    Files.createDirectories(catalog.dir());
    new CommandRunner().run(Command.of("mksquashfs", root.toString(), catalog.partial(name).toString(), "-noappend", "-no-progress")
        .withTimeout(Duration.ofSeconds(60)));
  }

  @Test
  void aPublishedImageIsListedWithItsMetadataAndTheFileDigest() throws Exception {
    ImageCatalog catalog = catalog();
    assertThat(catalog.list()).as("no folder yet").isEmpty();
    importedAs(catalog, "busybox");

    Image image = catalog.publish("busybox", new ImageMetadata("docker://127.0.0.1:5000#pcagent/busybox:latest", null,
        "2026-12-03T00:00:00Z", "r-1", null));

    assertThat(image.available()).isTrue();
    assertThat(image.path()).isEqualTo(catalog.dir().resolve("busybox.sqsh"));
    assertThat(Files.exists(catalog.partial("busybox"))).isFalse();
    assertThat(image.metadata().orElseThrow().sha256()).matches("sha256:[0-9a-f]{64}");
    assertThat(catalog.list()).extracting(Image::name).containsExactly("busybox");
    assertThat(catalog.find("busybox").orElseThrow().metadata().orElseThrow().source())
        .isEqualTo("docker://127.0.0.1:5000#pcagent/busybox:latest");
    assertThat(catalog.delete("busybox")).isTrue();
    assertThat(catalog.delete("busybox")).isFalse();
    try (var left = Files.list(catalog.dir())) {
      assertThat(left).as("metadata removed with the image").isEmpty();
    }
  }

  @Test
  void aPartialThatIsNotAWholeImageIsRemovedNotPublished() throws Exception {
    ImageCatalog catalog = catalog();
    Files.createDirectories(catalog.dir());
    Files.writeString(catalog.partial("half"), "x".repeat(200));

    assertThatThrownBy(() -> catalog.publish("half", new ImageMetadata("docker://x", null, "t", "r-2", null)))
        .isInstanceOf(InvalidImageException.class).hasMessageStartingWith("not a squashfs image");
    assertThat(Files.exists(catalog.partial("half"))).isFalse();
    assertThat(catalog.exists("half")).isFalse();
  }

  @Test
  void aForeignSqshFileDroppedInTheFolderIsListedAsInvalid() throws Exception {
    ImageCatalog catalog = catalog();
    Files.createDirectories(catalog.dir());
    Files.writeString(catalog.dir().resolve("copied by hand.sqsh"), "");

    Image image = catalog.list().get(0);

    assertThat(image.name()).isEqualTo("copied by hand");
    assertThat(image.available()).isFalse();
    assertThat(image.invalid()).contains("too short for a squashfs image: 0 bytes");
    assertThat(image.metadata()).isEmpty();
  }
}
