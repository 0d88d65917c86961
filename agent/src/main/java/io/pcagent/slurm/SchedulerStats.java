package io.pcagent.slurm;

import java.util.Map;

/**
 * What {@code sdiag} reports of slurmctld's load. Cycle times in microseconds. Counters reset at midnight
 * (and with {@code sdiag --reset}), so exporters treat them as gauges.
 *
 * @param rpcCounts RPCs served since the last reset, by message type ({@code REQUEST_NODE_INFO}...)
 */
public record SchedulerStats(
    long serverThreads,
    long agentQueueSize,
    long jobsSubmitted,
    long jobsStarted,
    long jobsCompleted,
    long jobsCanceled,
    long jobsFailed,
    long lastCycle,
    long meanCycle,
    long lastQueueLength,
    long backfillLastCycle,
    long backfillMeanCycle,
    long backfillDepthMean,
    long dbdAgentQueueSize,
    long cyclesPerMinute,
    long backfilledJobsSinceStart,
    long backfilledJobsSinceCycle,
    long backfilledHeterogeneous,
    Map<String, Long> rpcCounts) {

  public SchedulerStats {
    rpcCounts = Map.copyOf(rpcCounts);
  }
}
