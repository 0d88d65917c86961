package io.pcagent.bootstrap.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The head node's OnNodeStart and OnNodeConfigured actions the cluster was created with, which {@code create} records
 * beside config.yaml and {@code render} keeps from then on: ParallelCluster refuses any change to them in
 * {@code update-cluster} (aws-parallelcluster cli/src/pcluster/schemas/cluster_schema.py, HeadNodeCustomActionsSchema:
 * on_node_start and on_node_configured are UpdatePolicy.UNSUPPORTED, on_node_updated SUPPORTED). A new stage then
 * reaches the head node through OnNodeUpdated; {@code delete} forgets the record.
 */
public final class CreatedHeadNode {
  public static final String NAME = "created-head-node.yaml";
  static final List<String> FROZEN = List.of("OnNodeStart", "OnNodeConfigured");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ObjectNode actions;

  private CreatedHeadNode(ObjectNode actions) {
    this.actions = actions;
  }

  public static Optional<CreatedHeadNode> read(Path configDir) {
    Path file = configDir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new PcagentException(ExitCode.USAGE, file + ": not a mapping of the head node's custom actions");
      }
      return Optional.of(new CreatedHeadNode((ObjectNode) node));
    } catch (IOException e) {
      throw new PcagentException(ExitCode.USAGE, file + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Records the frozen actions of the cluster.yaml a cluster was just created with. */
  public static void record(Path clusterYaml, Path configDir) {
    Path file = configDir.resolve(NAME);
    try {
      JsonNode customActions = YAML.readTree(clusterYaml.toFile()).path("HeadNode").path("CustomActions");
      ObjectNode frozen = YAML.createObjectNode();
      FROZEN.forEach(action -> {
        if (customActions.has(action)) {
          frozen.set(action, customActions.get(action));
        }
      });
      Files.writeString(file, "# written by pcluster-bootstrap create: the head node's actions that update-cluster cannot "
          + "change; render keeps them\n" + YAML.writeValueAsString(frozen).replaceFirst("^---\n", ""));
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, file + ": cannot be written from " + clusterYaml + ": " + e.getMessage(), e);
    }
  }

  public static void forget(Path configDir) {
    try {
      Files.deleteIfExists(configDir.resolve(NAME));
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, configDir.resolve(NAME) + ": cannot be removed: " + e.getMessage(), e);
    }
  }

  /** The head node's frozen actions replaced by the recorded ones (an action not recorded is removed). */
  void applyTo(ObjectNode customActions) {
    FROZEN.forEach(customActions::remove);
    FROZEN.forEach(action -> {
      if (actions.has(action)) {
        customActions.set(action, actions.get(action).deepCopy());
      }
    });
  }
}
