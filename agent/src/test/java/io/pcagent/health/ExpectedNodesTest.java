package io.pcagent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.config.HealthConfig;
import io.pcagent.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectedNodesTest {
  @TempDir Path dir;

  private StorageConfig clusterConfig(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("cluster-config.yaml"), yaml);
    return StorageConfig.NONE.withClusterConfig(Optional.of(file));
  }

  /** The shape ParallelCluster writes to /opt/parallelcluster/shared/cluster-config.yaml: queues, compute resources. */
  private static final String TWO_QUEUES = """
      Scheduling:
        Scheduler: slurm
        SlurmQueues:
          - Name: train
            ComputeResources:
              - Name: p5
                InstanceType: p5.48xlarge
                MinCount: 4
                MaxCount: 16
              - Name: spare
                InstanceType: p5.48xlarge
                MaxCount: 8
          - Name: debug
            ComputeResources:
              - Name: small
                InstanceType: c5.large
                MinCount: 2
                MaxCount: 2
      """;

  @Test
  void theStaticNodesOfTheHeadNodesClusterConfigAreExpected() throws IOException {
    assertThat(ExpectedNodes.of(new HealthConfig(OptionalInt.empty()), clusterConfig(TWO_QUEUES))).hasValue(6);
  }

  @Test
  void aConfiguredCountWins() throws IOException {
    assertThat(ExpectedNodes.of(new HealthConfig(OptionalInt.of(3)), clusterConfig(TWO_QUEUES))).hasValue(3);
  }

  @Test
  void onlyDynamicNodesOrNoFileIsNoCount() throws IOException {
    assertThat(ExpectedNodes.of(new HealthConfig(OptionalInt.empty()),
        clusterConfig(TWO_QUEUES.replace("MinCount: 4", "MinCount: 0").replace("MinCount: 2", "MinCount: 0")))).isEmpty();
    assertThat(ExpectedNodes.of(new HealthConfig(OptionalInt.empty()),
        StorageConfig.NONE.withClusterConfig(Optional.of(dir.resolve("none.yaml"))))).isEmpty();
    assertThat(ExpectedNodes.of(new HealthConfig(OptionalInt.empty()), clusterConfig("Scheduling: [unclosed"))).isEmpty();
  }
}
