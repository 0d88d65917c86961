package io.pcagent.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The shape of a local cluster, named like a ParallelCluster queue: partition {@code compute-gpu}, compute
 * resource {@code distributed-ml}, static nodes {@code compute-gpu-st-distributed-ml-[1-N]} and dynamic
 * (CLOUD, power-saving) nodes {@code compute-gpu-dy-distributed-ml-[1-M]}.
 */
public record SandboxSpec(Path dir, int staticNodes, int dynamicNodes, Duration suspendTime, Duration startTimeout,
    String jobUser) {
  public static final String PARTITION = "compute-gpu";
  public static final String RESOURCE = "distributed-ml";
  public static final int MAX_NODES = 64;
  public static final int CPUS_PER_NODE = 2;
  public static final int MEMORY_MB_PER_NODE = 2048;
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  /** Idle time before a dynamic node is powered down; short so that tests see the whole cycle. */
  public static final Duration DEFAULT_SUSPEND_TIME = Duration.ofSeconds(60);

  public SandboxSpec {
    dir = dir.toAbsolutePath().normalize();
    if (!dir.toString().matches("[A-Za-z0-9/._+-]+")) {
      throw new IllegalArgumentException("--dir may hold only letters, digits and / . _ + -, got '" + dir + "'");
    }
    new JobUser(jobUser, JobUser.DEFAULT_ID, JobUser.DEFAULT_ID);
    if (staticNodes < 1 || staticNodes > MAX_NODES) {
      throw new IllegalArgumentException("--nodes must be between 1 and " + MAX_NODES + ", got " + staticNodes);
    }
    if (dynamicNodes < 0 || dynamicNodes > MAX_NODES) {
      throw new IllegalArgumentException("--dynamic must be between 0 and " + MAX_NODES + ", got " + dynamicNodes);
    }
    if (suspendTime.toSeconds() < 1) {
      throw new IllegalArgumentException("--suspend-time must be at least 1 second, got " + suspendTime.toSeconds());
    }
    if (startTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("--start-timeout must be at least 1 second, got " + startTimeout.toSeconds());
    }
  }

  /** The default shape with the default job user. */
  public SandboxSpec(Path dir, int staticNodes, int dynamicNodes, Duration suspendTime, Duration startTimeout) {
    this(dir, staticNodes, dynamicNodes, suspendTime, startTimeout, JobUser.DEFAULT_NAME);
  }

  public List<String> staticNodeNames() {
    return names("st", staticNodes);
  }

  public List<String> dynamicNodeNames() {
    return names("dy", dynamicNodes);
  }

  public SandboxLayout layout() {
    return new SandboxLayout(dir);
  }

  private static List<String> names(String kind, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> PARTITION + "-" + kind + "-" + RESOURCE + "-" + i).toList();
  }
}
