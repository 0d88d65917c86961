package io.pcagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes the cluster must have: {@code health.expectedNodes} when set, else the static nodes of the head node's
 * cluster-config.yaml (MinCount of every compute resource of every queue; ParallelCluster's default MinCount is 0), read
 * when the agent starts: ParallelCluster writes the updated file before it runs OnNodeUpdated, whose installer restarts
 * the agent, so a MinCount changed by {@code pcluster update-cluster} is seen without touching the head node's
 * OnNodeConfigured (which update-cluster cannot change). No static node: no count to check.
 */
public final class ExpectedNodes {
  private static final Logger LOG = LoggerFactory.getLogger(ExpectedNodes.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ExpectedNodes() {}

  public static OptionalInt of(HealthConfig health, StorageConfig storage) {
    if (health.expectedNodes().isPresent()) {
      return health.expectedNodes();
    }
    return storage.clusterConfig().filter(Files::isRegularFile).map(ExpectedNodes::staticNodes).orElse(OptionalInt.empty());
  }

  static OptionalInt staticNodes(Path clusterConfig) {
    try {
      JsonNode root = YAML.readTree(clusterConfig.toFile());
      int total = 0;
      for (JsonNode queue : root == null ? YAML.createArrayNode() : root.path("Scheduling").path("SlurmQueues")) {
        for (JsonNode resource : queue.path("ComputeResources")) {
          total += Math.max(0, resource.path("MinCount").asInt(0));
        }
      }
      return total > 0 ? OptionalInt.of(total) : OptionalInt.empty();
    } catch (IOException e) {
      LOG.warn("{} cannot be read, no expected node count: {}", clusterConfig, e.getMessage());
      return OptionalInt.empty();
    }
  }
}
