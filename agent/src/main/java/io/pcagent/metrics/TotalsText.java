package io.pcagent.metrics;

import io.pcagent.slurm.Node;
import java.util.List;

/**
 * {@code slurm_nodes_total}, {@code slurm_cpus_total}, {@code slurm_node_cpus_total{node}} and
 * {@code slurm_node_gpus_total{node}} in Prometheus
 * text format. Existing Slurm dashboards query these names, but they are gauges, and the Prometheus client
 * under Micrometer reserves the {@code _total} suffix for counters (it would publish {@code slurm_nodes}).
 * So these families are written here, from the same snapshot, and appended to the scrape.
 */
final class TotalsText {
  private TotalsText() {}

  static String render(List<Node> nodes, long cpus) {
    StringBuilder text = new StringBuilder(256 + nodes.size() * 64);
    family(text, "slurm_nodes_total", "Nodes known to Slurm");
    text.append("slurm_nodes_total ").append(nodes.size()).append('\n');
    family(text, "slurm_cpus_total", "CPUs of all nodes");
    text.append("slurm_cpus_total ").append(cpus).append('\n');
    family(text, "slurm_node_cpus_total", "CPUs of the node");
    for (Node node : nodes) {
      text.append("slurm_node_cpus_total{node=\"").append(escape(node.name())).append("\"} ").append(node.cpusTotal()).append('\n');
    }
    family(text, "slurm_node_gpus_total", "GPUs of the node (Gres; MIG devices for MIG profiles)");
    for (Node node : nodes) {
      text.append("slurm_node_gpus_total{node=\"").append(escape(node.name())).append("\"} ").append(node.gpusTotal()).append('\n');
    }
    return text.toString();
  }

  private static void family(StringBuilder text, String name, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" gauge\n");
  }

  /** Label value escaping of the text format: backslash, double quote and line feed. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
