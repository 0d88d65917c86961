package io.pcagent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountsTest {
  @Test
  void readsMountPointTypeAndSourceWithEscapesDecoded() {
    List<Mounts.Entry> entries = Mounts.parse(List.of(
        "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard",
        "45 27 0:40 / /var/sbx/shared/home rw,nosuid,nodev,relatime - fuse /var/sbx/storage/home rw,user_id=0,group_id=0",
        "46 27 0:41 / /mnt/with\\040space rw master:7 - tmpfs local\\011tab rw",
        "47 27 0:42 / /truncated rw -"));

    assertThat(entries).containsExactly(
        new Mounts.Entry(Path.of("/"), "ext4", "/dev/vda"),
        new Mounts.Entry(Path.of("/var/sbx/shared/home"), "fuse", "/var/sbx/storage/home"),
        new Mounts.Entry(Path.of("/mnt/with space"), "tmpfs", "local\ttab"));
  }

  @Test
  void aBackslashThatIsNotAnOctalEscapeIsKept() {
    assertThat(Mounts.unescape("a\\b\\04")).isEqualTo("a\\b\\04");
  }
}
