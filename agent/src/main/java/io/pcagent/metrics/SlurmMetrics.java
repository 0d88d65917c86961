package io.pcagent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.Snapshot;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodeService;
import io.pcagent.slurm.NodeState;
import io.pcagent.slurm.SchedulerStats;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster metrics, rebuilt from each new snapshot (a scrape never runs a Slurm command). The
 * {@code slurm_nodes_*}, {@code slurm_cpus_*}, {@code slurm_queue_*} and {@code slurm_scheduler_*} names are
 * those existing Grafana dashboards use; the per-node and per-partition series add what they lack. A source
 * that fails keeps its last values (see {@link SourceMetrics} for its health). Updates come from the collectors'
 * worker threads and are serialized here: two concurrent re-registrations of a multi-gauge would leave
 * duplicate series behind.
 */
public final class SlurmMetrics {
  /** Job states counted as {@code slurm_queue_<state>}, lower case. */
  public static final List<String> QUEUE_STATES = List.of(
      "pending", "running", "suspended", "completing", "completed", "configuring", "cancelled", "failed",
      "timeout", "preempted", "node_fail", "boot_fail", "deadline", "out_of_memory");

  private final Map<String, AtomicLong> nodeCounts = new HashMap<>();
  private final Map<String, AtomicLong> cpuCounts = new HashMap<>();
  private final Map<NodeService, AtomicLong> powerCounts = new EnumMap<>(NodeService.class);
  private final AtomicLong cpusPoweredDown;
  private final Map<String, AtomicLong> queueCounts = new HashMap<>();
  private final Map<String, AtomicLong> schedulerValues = new HashMap<>();
  private final GaugeRows partitionGpus;
  private final GaugeRows partitionNodes;
  private final GaugeRows partitionJobs;
  private final GaugeRows pendingReasons;
  private final AtomicLong pendingDependency;
  private volatile TextPart nodeSeries = TextPart.EMPTY;
  private volatile TextPart schedulerTotals = TextPart.EMPTY;

  public SlurmMetrics(MeterRegistry registry, ClusterCollectors collectors) {
    for (String category : NodeState.CATEGORIES) {
      nodeCounts.put(category, gauge(registry, "slurm.nodes." + category, "Nodes in state " + category));
    }
    for (String kind : List.of("alloc", "idle", "other")) {
      cpuCounts.put(kind, gauge(registry, "slurm.cpus." + kind, "CPUs " + kind + " (other: on nodes out of service)"));
    }
    // Compatible exporters count a sleeping cloud node as idle; these say how much of that is asleep or booting.
    powerCounts.put(NodeService.POWERED_DOWN, gauge(registry, "slurm.nodes.powered_down",
        "Nodes powered down or powering down (~ or %): asleep, not missing"));
    powerCounts.put(NodeService.BOOTING, gauge(registry, "slurm.nodes.powering_up",
        "Nodes powering up or rebooting (#): booting, not out of service"));
    cpusPoweredDown = gauge(registry, "slurm.cpus.powered_down",
        "CPUs of powered-down nodes (counted in slurm_cpus_idle too, as the compatible exporters do)");
    for (String state : QUEUE_STATES) {
      queueCounts.put(state, gauge(registry, "slurm.queue." + state, "Jobs in state " + state));
    }
    for (String name : List.of("threads", "queue_size", "dbd_queue_size", "last_cycle", "mean_cycle", "cycle_per_minute",
        "backfill_last_cycle", "backfill_mean_cycle", "backfill_depth_mean")) {
      schedulerValues.put(name, gauge(registry, "slurm.scheduler." + name, "sdiag " + name.replace('_', ' ')));
    }
    partitionGpus = new GaugeRows(registry, "slurm.partition.gpus", "GPUs of the partition's nodes, total and allocated", null);
    partitionNodes = new GaugeRows(registry, "slurm.partition.nodes", "Nodes of the partition by state category", null);
    partitionJobs = new GaugeRows(registry, "slurm.partition.jobs", "Jobs of the partition by state", null);
    pendingReasons = new GaugeRows(registry, "slurm.queue.pending.reason", "Pending jobs by the reason they wait (Slurm's code)", null);
    pendingDependency = gauge(registry, "slurm.queue.pending_dependency", "Pending jobs waiting on a dependency");
    collectors.nodes().onUpdate(this::updateNodes);
    collectors.jobs().onUpdate(this::updateJobs);
    collectors.scheduler().onUpdate(this::updateScheduler);
  }

  private synchronized void updateNodes(Snapshot<List<Node>> snapshot) {
    if (snapshot.value().isEmpty()) {
      return;
    }
    List<Node> nodes = snapshot.value().get();
    Map<String, Long> counts = new HashMap<>();
    long alloc = 0;
    long other = 0;
    long total = 0;
    Map<NodeService, Long> power = new EnumMap<>(NodeService.class);
    long poweredDownCpus = 0;
    for (Node node : nodes) {
      NodeService service = node.state().service();
      power.merge(service, 1L, Long::sum);
      if (service == NodeService.POWERED_DOWN) {
        poweredDownCpus += node.cpusTotal();
      }
      String category = node.state().category();
      counts.merge(category, 1L, Long::sum);
      alloc += node.cpusAllocated();
      total += node.cpusTotal();
      if (node.state().unavailable()) {
        other += node.cpusTotal() - node.cpusAllocated();
      }
    }
    powerCounts.forEach((service, gauge) -> gauge.set(power.getOrDefault(service, 0L)));
    cpusPoweredDown.set(poweredDownCpus);
    nodeCounts.forEach((category, gauge) -> gauge.set(counts.getOrDefault(category, 0L)));
    cpuCounts.get("alloc").set(alloc);
    cpuCounts.get("other").set(other);
    cpuCounts.get("idle").set(total - alloc - other);
    nodeSeries = NodeSeriesText.render(nodes, total);
    updatePartitionNodes(nodes);
  }

  /**
   * sdiag's backfill totals under the compatible exporters' names, which end in {@code _total} (gauges: sdiag resets
   * them), so written as text like the other {@code _total} gauges (see {@link PromText}).
   */
  private static String schedulerTotalsText(SchedulerStats stats) {
    StringBuilder text = new StringBuilder();
    total(text, "slurm_scheduler_backfilled_jobs_since_start_total", "Jobs started by backfill since slurmctld started (sdiag)",
        stats.backfilledJobsSinceStart());
    total(text, "slurm_scheduler_backfilled_jobs_since_cycle_total", "Jobs started by backfill since sdiag's last reset",
        stats.backfilledJobsSinceCycle());
    total(text, "slurm_scheduler_backfilled_heterogeneous_total", "Heterogeneous job components started by backfill (sdiag)",
        stats.backfilledHeterogeneous());
    return text.toString();
  }

  private static void total(StringBuilder text, String name, String help, long value) {
    PromText.family(text, name, help);
    text.append(name).append(' ').append(value).append('\n');
  }

  /** The scheduler's {@code *_total} gauges in Prometheus text: empty until sdiag answered once. */
  public TextPart schedulerTotalsText() {
    return schedulerTotals;
  }

  /** The per-node series and the {@code *_total} gauges, in Prometheus text (UTF-8, not to be changed): see {@link NodeSeriesText}. */
  public TextPart nodeSeriesText() {
    return nodeSeries;
  }

  private void updatePartitionNodes(List<Node> nodes) {
    Map<Tags, Long> counts = new HashMap<>();
    Map<Tags, Long> gpus = new HashMap<>();
    for (Node node : nodes) {
      for (String partition : node.partitions()) {
        counts.merge(Tags.of("partition", partition, "state", node.state().category()), 1L, Long::sum);
        gpus.merge(Tags.of("partition", partition, "kind", "total"), (long) node.gpusTotal(), Long::sum);
        gpus.merge(Tags.of("partition", partition, "kind", "alloc"), (long) node.gpusAllocated(), Long::sum);
      }
    }
    partitionNodes.set(counts);
    partitionGpus.set(gpus);
  }

  private synchronized void updateJobs(Snapshot<List<Job>> snapshot) {
    if (snapshot.value().isEmpty()) {
      return;
    }
    Map<String, Long> byState = new HashMap<>();
    Map<Tags, Long> byPartition = new HashMap<>();
    for (Job job : snapshot.value().get()) {
      String state = job.state().toLowerCase(Locale.ROOT);
      byState.merge(state, 1L, Long::sum);
      for (String partition : job.partition().split(",")) {
        byPartition.merge(Tags.of("partition", partition, "state", state), 1L, Long::sum);
      }
    }
    queueCounts.forEach((state, gauge) -> gauge.set(byState.getOrDefault(state, 0L)));
    partitionJobs.set(byPartition);
    Map<Tags, Long> reasons = PendingReasons.count(snapshot.value().get());
    pendingReasons.set(reasons);
    pendingDependency.set(reasons.getOrDefault(Tags.of("reason", "Dependency"), 0L));
  }

  private synchronized void updateScheduler(Snapshot<SchedulerStats> snapshot) {
    snapshot.value().ifPresent(stats -> {
      schedulerValues.get("threads").set(stats.serverThreads());
      schedulerValues.get("queue_size").set(stats.agentQueueSize());
      schedulerValues.get("last_cycle").set(stats.lastCycle());
      schedulerValues.get("mean_cycle").set(stats.meanCycle());
      schedulerValues.get("backfill_last_cycle").set(stats.backfillLastCycle());
      schedulerValues.get("backfill_depth_mean").set(stats.backfillDepthMean());
      schedulerValues.get("dbd_queue_size").set(stats.dbdAgentQueueSize());
      schedulerValues.get("cycle_per_minute").set(stats.cyclesPerMinute());
      schedulerValues.get("backfill_mean_cycle").set(stats.backfillMeanCycle());
      schedulerTotals = TextPart.of(schedulerTotalsText(stats));
    });
  }

  private static AtomicLong gauge(MeterRegistry registry, String name, String description) {
    AtomicLong value = new AtomicLong();
    Gauge.builder(name, value, AtomicLong::doubleValue).description(description).register(registry);
    return value;
  }
}
