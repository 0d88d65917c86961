package io.pcagent.slurm;

import java.util.Optional;

/** One partition (a ParallelCluster queue) from {@code scontrol show partitions -o}. */
public record Partition(
    String name, String state, String nodes, int totalNodes, int totalCpus, boolean isDefault, Optional<String> maxTime) {}
