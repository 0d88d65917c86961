package io.pcagent.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
  private static final List<String> PARALLELCLUSTER_HEAD_NODE = List.of(
      "27 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw,discard",
      "98 27 0:51 / /fsx rw,relatime shared:52 - lustre 172.31.9.180@tcp:/ysrbhbev rw,flock,lazystatfs,encrypt",
      "101 27 0:53 / /home rw,relatime shared:54 - nfs4 fs-0123456789abcdef0.fsx.ap-northeast-1.amazonaws.com:/fsx "
          + "rw,vers=4.1,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys",
      "45 27 0:40 / /var/sbx/shared/home rw,nosuid,nodev,relatime - fuse /var/sbx/storage/home rw,user_id=0,group_id=0",
      "46 27 0:41 / /mnt/with\\040space ro,relatime master:7 - tmpfs local\\011tab ro",
      "47 27 0:42 / /truncated rw -");

  @Test
  void readsMountPointTypeSourceAndOptionsWithEscapesDecoded() {
    List<MountEntry> entries = MountTable.parse(PARALLELCLUSTER_HEAD_NODE);

    assertThat(entries).extracting(MountEntry::mountPoint).containsExactly(
        Path.of("/"), Path.of("/fsx"), Path.of("/home"), Path.of("/var/sbx/shared/home"), Path.of("/mnt/with space"));
    MountEntry lustre = MountTable.find(entries, Path.of("/fsx")).orElseThrow();
    assertThat(lustre.type()).isEqualTo("lustre");
    assertThat(lustre.source()).isEqualTo("172.31.9.180@tcp:/ysrbhbev");
    assertThat(lustre.superOptions()).contains("flock");
    assertThat(lustre.readOnly()).isFalse();
    assertThat(MountTable.find(entries, Path.of("/home")).orElseThrow().type()).isEqualTo("nfs4");
    MountEntry spaced = MountTable.find(entries, Path.of("/mnt/with space")).orElseThrow();
    assertThat(spaced.source()).isEqualTo("local\ttab");
    assertThat(spaced.readOnly()).isTrue();
    assertThat(spaced.fileSystemReadOnly()).isTrue();
  }

  /** What a unit with ProtectSystem=strict sees of a healthy /fsx: a read-only bind, the file system read-write. */
  @Test
  void aReadOnlyBindOfAReadWriteFileSystemIsOnlyAReadOnlyView() {
    MountEntry bind = MountTable.parse(List.of("812 790 0:51 / /fsx ro,relatime shared:52 - lustre 172.31.9.180@tcp:/ysrbhbev "
        + "rw,flock,lazystatfs,encrypt")).get(0);

    assertThat(bind.readOnly()).isTrue();
    assertThat(bind.fileSystemReadOnly()).isFalse();
  }

  @Test
  void theLastOfStackedMountsIsTheOneSeenAndABackslashThatIsNotAnEscapeIsKept() {
    List<MountEntry> stacked = MountTable.parse(List.of(
        "50 27 0:60 / /tmp rw - tmpfs first rw", "51 50 0:61 / /tmp rw - tmpfs second rw"));

    assertThat(MountTable.find(stacked, Path.of("/tmp")).map(MountEntry::source)).contains("second");
    assertThat(MountTable.unescape("a\\b\\04")).isEqualTo("a\\b\\04");
  }
}
