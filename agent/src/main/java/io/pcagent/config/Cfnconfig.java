package io.pcagent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * /etc/parallelcluster/cfnconfig, the shell-style {@code key=value} file ParallelCluster writes on every node
 * ({@code cfn_node_type}, {@code cfn_region}, {@code cfn_cluster_user}, {@code stack_name}; the cookbook's
 * cfnconfig template). Read directly rather than through instance metadata, which {@code HeadNode.Imds.Secured}
 * (the default) closes to every user but root, pcluster-admin and the cluster's default user.
 */
public final class Cfnconfig {
  public static final Path PATH = Path.of("/etc/parallelcluster/cfnconfig");

  private Cfnconfig() {}

  /** The last value of {@code key}, unquoted; empty when the file or the key is missing. */
  public static Optional<String> value(Path file, String key) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String value = null;
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key + "=")) {
          value = line.substring(key.length() + 1).strip().replaceAll("^[\"']|[\"']$", "");
        }
      }
      return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
