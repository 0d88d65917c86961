package io.pcagent.smoke;

import java.util.List;

/**
 * What a smoke test covers. Empty {@code partitions}: every partition; empty {@code nodes}: every node of those
 * partitions. Powered-down dynamic nodes are skipped unless {@code includePoweredDown} (on AWS, waking them
 * launches instances, which costs money). {@code containerImage} (null: none) adds a step that starts that image
 * on every node through Pyxis ({@code srun --container-image}), as the hands-on does with Enroot images.
 * {@code sharedDirs}: the folders every node must see alike; by default the mounts the agent watches
 * ({@link io.pcagent.storage.ExpectedMounts#sharedDirs}), the same for the API and for {@code validate}.
 */
public record SmokeTestRequest(
    List<String> partitions,
    List<String> nodes,
    int tasksPerNode,
    int timeoutSeconds,
    List<String> sharedDirs,
    boolean includePoweredDown,
    String containerImage) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  public SmokeTestRequest {
    partitions = List.copyOf(partitions);
    nodes = List.copyOf(nodes);
    sharedDirs = List.copyOf(sharedDirs);
  }

  /** Every node of every partition, one task each, checking {@code sharedDirs}. */
  public static SmokeTestRequest defaults(List<String> sharedDirs) {
    return new SmokeTestRequest(List.of(), List.of(), 1, DEFAULT_TIMEOUT_SECONDS, sharedDirs, false, null);
  }
}
