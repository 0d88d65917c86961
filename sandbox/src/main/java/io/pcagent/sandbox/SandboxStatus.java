package io.pcagent.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What runs in one sandbox folder.
 *
 * @param daemons each daemon the sandbox starts (munged, slurmctld, slurmd per node, launcher) and its pid when alive
 * @param sinfo what {@code sinfo} says, or why it could not say anything
 * @param namespaces the mount namespace of each node whose slurmd runs
 * @param containers what the nodes run containers with, and the local registry's image
 */
public record SandboxStatus(Path dir, Path slurmConf, Map<String, OptionalLong> daemons, List<String> nodes, String sinfo,
    List<NodeNamespace> namespaces, String containers) {
  /** The image of the local registry, as enroot names it ({@code docker://127.0.0.1:PORT#NAME:TAG}), if it runs. */
  public Optional<String> containerImage() {
    return LocalRegistry.imageUri(new SandboxLayout(dir));
  }

  /** Where the sandbox's Slurm commands are: what the agent's slurm.binDir names. */
  public Path slurmBinDir() {
    return new SandboxLayout(dir).slurmBin();
  }

  public SandboxLayout layout() {
    return new SandboxLayout(dir);
  }

  public boolean running() {
    return daemons.values().stream().anyMatch(OptionalLong::isPresent);
  }

  public boolean complete() {
    return !daemons.isEmpty() && daemons.values().stream().allMatch(OptionalLong::isPresent);
  }
}
