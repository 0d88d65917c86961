package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One compute node from {@code scontrol show nodes -o}. A node in several partitions is one node, listing them.
 * Memory in MiB, as Slurm counts it. GPUs from Gres and GresUsed (see {@link GpuGres}). On ParallelCluster the
 * instance id and type are what an operator looks up next.
 */
public record Node(
    String name,
    NodeState state,
    List<String> partitions,
    int cpusAllocated,
    int cpusTotal,
    long memoryTotalMb,
    long memoryAllocatedMb,
    Optional<String> gres,
    int gpusTotal,
    int gpusAllocated,
    Optional<String> address,
    Optional<String> hostname,
    Optional<NodeReason> reason,
    Optional<LocalDateTime> bootTime,
    Optional<LocalDateTime> slurmdStartTime,
    Optional<String> version,
    Optional<String> reservation,
    Optional<String> instanceId,
    Optional<String> instanceType) {

  public Node {
    partitions = List.copyOf(partitions);
  }

  /** ParallelCluster names dynamic nodes {@code <queue>-dy-<resource>-<n>}, static ones {@code -st-}. */
  public boolean dynamic() {
    return name.contains("-dy-");
  }

  /** GPUs counted as MIG devices (a MIG profile in Gres). */
  public boolean migGpus() {
    return gres.map(GpuGres::mig).orElse(false);
  }
}
