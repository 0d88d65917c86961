package io.pcagent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shared file systems the head node must have.
 *
 * @param mounts mount point to the file system type it must have ({@code lustre}, {@code nfs4}; empty: any type)
 * @param clusterConfig ParallelCluster's cluster-config.yaml: its SharedStorage adds mounts that {@code mounts} lacks
 * @param cadence how often each mount is looked at
 * @param probeTimeout a probe that has not returned by then marks its mount hung
 * @param warnPercent used space (as df's Use%) from which the mount is degraded
 * @param failPercent used space from which it is failing
 */
public record StorageConfig(Map<Path, String> mounts, Optional<Path> clusterConfig, Duration cadence, Duration probeTimeout,
    int warnPercent, int failPercent) {
  /** ParallelCluster's: the hands-on's /fsx on FSx for Lustre and /home on FSx for OpenZFS (NFS v4). */
  public static final Map<Path, String> DEFAULT_MOUNTS = defaults();
  public static final Path PARALLELCLUSTER_CONFIG = Path.of("/opt/parallelcluster/shared/cluster-config.yaml");
  /** No mount checked: for agents that serve no head node (tests over fixtures). */
  public static final StorageConfig NONE = new StorageConfig(Map.of(), Optional.empty(), Duration.ofSeconds(30),
      Duration.ofSeconds(10), 85, 95);

  public StorageConfig {
    mounts = Map.copyOf(new LinkedHashMap<>(mounts));
  }

  private static Map<Path, String> defaults() {
    Map<Path, String> mounts = new LinkedHashMap<>();
    mounts.put(Path.of("/fsx"), "lustre");
    mounts.put(Path.of("/home"), "nfs4");
    return mounts;
  }

  public StorageConfig withMounts(Map<Path, String> others) {
    return new StorageConfig(others, clusterConfig, cadence, probeTimeout, warnPercent, failPercent);
  }

  public StorageConfig withClusterConfig(Optional<Path> file) {
    return new StorageConfig(mounts, file, cadence, probeTimeout, warnPercent, failPercent);
  }
}
