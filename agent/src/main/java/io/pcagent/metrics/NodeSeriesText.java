package io.pcagent.metrics;

import static io.pcagent.metrics.PromText.escape;
import static io.pcagent.metrics.PromText.family;

import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodeReason;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The per-node families ({@code slurm_node_*{node,...}}) and the node and CPU totals in Prometheus text (see
 * {@link PromText} for why not as meters), written straight from the node snapshot once per snapshot. A ParallelCluster cluster has a Slurm node for every dynamic node up to MaxCount, so 10,000 to
 * 50,000 nodes is ordinary: as Micrometer meters these were half a million objects and most of a scrape's time;
 * as text they are one string per snapshot. Labels are in alphabetical order, as Micrometer writes them.
 */
final class NodeSeriesText {
  private static final long MIB = 1024L * 1024L;
  static final int MAX_LABEL = 512;

  private NodeSeriesText() {}

  /** The text as UTF-8 in direct memory, kept as it is until the next snapshot and written into every scrape without a copy. */
  static TextPart render(List<Node> nodes, long cpus) {
    DirectTextWriter out = new DirectTextWriter();
    StringBuilder text = out.text();
    family(text, "slurm_nodes_total", "Nodes known to Slurm");
    text.append("slurm_nodes_total ").append(nodes.size()).append('\n');
    family(text, "slurm_cpus_total", "CPUs of all nodes");
    text.append("slurm_cpus_total ").append(cpus).append('\n');
    family(text, "slurm_node_cpus_total", "CPUs of the node");
    each(out, nodes, node -> series(text, "slurm_node_cpus_total", node).append(node.cpusTotal()).append('\n'));
    family(text, "slurm_node_gpus_total", "GPUs of the node (Gres; MIG devices for MIG profiles)");
    each(out, nodes, node -> series(text, "slurm_node_gpus_total", node).append(node.gpusTotal()).append('\n'));
    family(text, "slurm_node_cpus_alloc", "CPUs allocated on the node");
    each(out, nodes, node -> series(text, "slurm_node_cpus_alloc", node).append(node.cpusAllocated()).append('\n'));
    family(text, "slurm_node_gpus_alloc", "GPUs allocated on the node (GresUsed)");
    each(out, nodes, node -> series(text, "slurm_node_gpus_alloc", node).append(node.gpusAllocated()).append('\n'));
    family(text, "slurm_node_memory_alloc_bytes", "Memory allocated on the node");
    each(out, nodes, node -> series(text, "slurm_node_memory_alloc_bytes", node).append(node.memoryAllocatedMb() * MIB).append('\n'));
    family(text, "slurm_node_memory_total_bytes", "Memory of the node");
    each(out, nodes, node -> series(text, "slurm_node_memory_total_bytes", node).append(node.memoryTotalMb() * MIB).append('\n'));
    family(text, "slurm_node_state", "1 for the node's state category");
    each(out, nodes, node -> one(text, "slurm_node_state", node, "state", node.state().category()));
    family(text, "slurm_node_service", "1 for whether the node takes work: in_service, booting, powered_down, future, out_of_service");
    each(out, nodes, node -> one(text, "slurm_node_service", node, "service", node.state().service().label()));
    family(text, "slurm_node_flag", "1 for each state flag of the node");
    each(out, nodes, node -> {
      for (String flag : node.state().flags()) {
        text.append("slurm_node_flag{flag=\"").append(escape(flag.toLowerCase(Locale.ROOT))).append("\",node=\"")
            .append(escape(node.name())).append("\"} 1\n");
      }
    });
    family(text, "slurm_node_partition", "1 for each partition the node is in");
    each(out, nodes, node -> node.partitions().forEach(partition -> one(text, "slurm_node_partition", node, "partition", partition)));
    family(text, "slurm_node_reason_info", "1 with the reason a node is down or drained");
    each(out, nodes, node -> node.reason().ifPresent(reason -> one(text, "slurm_node_reason_info", node, "reason", label(reason.text()))));
    family(text, "slurm_node_reason_timestamp_seconds", "When the node's reason was set, where Slurm signed it (user@time)");
    each(out, nodes, node -> node.reason().flatMap(NodeReason::since).ifPresent(since -> series(text, "slurm_node_reason_timestamp_seconds", node)
        .append(since.atZone(ZoneId.systemDefault()).toEpochSecond()).append('\n')));
    family(text, "slurm_node_info", "1 with the node's instance id, instance type and reservation");
    each(out, nodes, node -> {
      text.append("slurm_node_info{instance_id=\"").append(escape(node.instanceId().orElse(""))).append("\",instance_type=\"")
          .append(escape(node.instanceType().orElse(""))).append("\",node=\"").append(escape(node.name())).append("\",reservation=\"")
          .append(escape(node.reservation().orElse(""))).append("\"} 1\n");
    });
    return out.finish();
  }

  /** Writes each node's series, moving the text into direct memory as it grows. */
  private static void each(DirectTextWriter out, List<Node> nodes, Consumer<Node> series) {
    for (Node node : nodes) {
      series.accept(node);
      out.spill();
    }
  }

  /**
   * A free-text label value (an operator's reason) cut to {@link #MAX_LABEL} characters: the whole text is in
   * /v1/nodes, and a scrape with a megabyte-long label is one Prometheus may refuse.
   */
  static String label(String text) {
    return text.length() <= MAX_LABEL ? text : text.substring(0, MAX_LABEL - 3) + "...";
  }

  private static StringBuilder series(StringBuilder text, String name, Node node) {
    return text.append(name).append("{node=\"").append(escape(node.name())).append("\"} ");
  }

  /** A 1-valued series with the node and one more label, which sorts after {@code node}. */
  private static void one(StringBuilder text, String name, Node node, String label, String value) {
    text.append(name).append("{node=\"").append(escape(node.name())).append("\",").append(label).append("=\"")
        .append(escape(value)).append("\"} 1\n");
  }
}
