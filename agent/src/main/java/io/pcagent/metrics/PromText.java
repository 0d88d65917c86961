package io.pcagent.metrics;

/**
 * Pieces of the Prometheus text format for the families written as text rather than as Micrometer meters: those
 * whose gauge names end in {@code _total} (existing Slurm dashboards query {@code slurm_nodes_total}; the Prometheus
 * client under Micrometer reserves that suffix for counters and would publish {@code slurm_nodes}), and the per-node
 * series, too many to be meters.
 */
final class PromText {
  private PromText() {}

  static void family(StringBuilder text, String name, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" gauge\n");
  }

  /** Label value escaping: backslash, double quote and line feed. */
  static String escape(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
