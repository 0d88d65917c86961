package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses {@code scontrol show nodes -o}: one node per line. */
public final class NodesParser {
  private static final String SOURCE = "scontrol show nodes";

  private NodesParser() {}

  public static List<Node> parse(String output) {
    List<Node> nodes = new ArrayList<>();
    String[] lines = output.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.equals("No nodes in the system")) {
        continue;
      }
      nodes.add(parseLine(line, i + 1));
    }
    return nodes;
  }

  private static Node parseLine(String line, int number) {
    if (!line.startsWith("NodeName=")) {
      throw new SlurmParseException(SOURCE, number, "expected a line starting with NodeName=, got '" + abbreviate(line) + "'");
    }
    Map<String, String> fields = KeyValueLine.parse(line);
    String name = fields.get("NodeName");
    try {
      return new Node(
          name,
          NodeState.parse(SlurmValues.required(fields, "State")),
          SlurmValues.list(fields.getOrDefault("Partitions", "")),
          (int) SlurmValues.number(SlurmValues.required(fields, "CPUAlloc")),
          (int) SlurmValues.number(SlurmValues.required(fields, "CPUTot")),
          SlurmValues.number(SlurmValues.required(fields, "RealMemory")),
          SlurmValues.isNone(fields.get("AllocMem")) ? 0 : SlurmValues.number(fields.get("AllocMem")),
          SlurmValues.text(fields, "Gres"),
          SlurmValues.text(fields, "NodeAddr"),
          SlurmValues.text(fields, "NodeHostName"),
          SlurmValues.text(fields, "Reason").map(NodeReason::parse),
          SlurmValues.time(fields.get("BootTime")),
          SlurmValues.time(fields.get("SlurmdStartTime")),
          SlurmValues.text(fields, "Version"));
    } catch (IllegalArgumentException e) {
      throw new SlurmParseException(SOURCE, number, "node " + name + ": " + e.getMessage());
    }
  }

  static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
