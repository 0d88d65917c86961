package io.pcagent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.pcagent.config.StorageConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectedMountsTest {
  private static Path clusterConfig() throws URISyntaxException {
    return Path.of(ExpectedMountsTest.class.getResource("ExpectedMountsTest/cluster-config.yaml").toURI());
  }

  @Test
  void parallelClustersSharedStorageIsWatchedWithTheTypeEachKindMountsAs() throws Exception {
    assertThat(ExpectedMounts.fromClusterConfig(clusterConfig())).containsExactly(
        entry(Path.of("/home"), "nfs4"), entry(Path.of("/fsx"), "lustre"), entry(Path.of("/shared/tools"), "nfs4"),
        entry(Path.of("/scratch"), ""));
  }

  @Test
  void theConfigurationWinsWhereBothNameAMountAndAMissingClusterConfigAddsNothing() throws Exception {
    StorageConfig config = new StorageConfig(Map.of(Path.of("/fsx"), "fuse"), Optional.of(clusterConfig()),
        Duration.ofSeconds(30), Duration.ofSeconds(10), 85, 95);

    assertThat(ExpectedMounts.of(config)).containsEntry(Path.of("/fsx"), "fuse").containsEntry(Path.of("/home"), "nfs4")
        .hasSize(4);
    assertThat(ExpectedMounts.of(config.withMounts(Map.of()).withClusterConfig(Optional.of(Path.of("/nonexistent")))))
        .isEmpty();
  }
}
