package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code scontrol show nodes -o}: one node per line. */
public final class NodesParser {
  private static final String SOURCE = "scontrol show nodes";
  private static final Set<String> KEYS = Set.of("NodeName", "State", "Partitions", "CPUAlloc", "CPUTot", "RealMemory",
      "AllocMem", "Gres", "NodeAddr", "NodeHostName", "Reason", "BootTime", "SlurmdStartTime", "Version");

  private NodesParser() {}

  public static List<Node> parse(String output) {
    List<Node> nodes = new ArrayList<>();
    Interner interner = new Interner();
    String[] lines = output.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.equals("No nodes in the system")) {
        continue;
      }
      nodes.add(parseLine(line, i + 1, interner));
    }
    return nodes;
  }

  private static Node parseLine(String line, int number, Interner interner) {
    if (!line.startsWith("NodeName=")) {
      throw new SlurmParseException(SOURCE, number, "expected a line starting with NodeName=, got '" + abbreviate(line) + "'");
    }
    Map<String, String> fields = KeyValueLine.parse(line, KEYS);
    String name = fields.get("NodeName");
    try {
      return new Node(
          name,
          interner.state(SlurmValues.required(fields, "State")),
          SlurmValues.list(fields.getOrDefault("Partitions", "")).stream().map(interner::string).toList(),
          (int) SlurmValues.number(SlurmValues.required(fields, "CPUAlloc")),
          (int) SlurmValues.number(SlurmValues.required(fields, "CPUTot")),
          SlurmValues.number(SlurmValues.required(fields, "RealMemory")),
          SlurmValues.isNone(fields.get("AllocMem")) ? 0 : SlurmValues.number(fields.get("AllocMem")),
          interner.optional(fields.get("Gres")),
          SlurmValues.text(fields, "NodeAddr"),
          SlurmValues.text(fields, "NodeHostName"),
          SlurmValues.text(fields, "Reason").map(NodeReason::parse),
          interner.time(fields.get("BootTime")),
          interner.time(fields.get("SlurmdStartTime")),
          interner.optional(fields.get("Version")));
    } catch (IllegalArgumentException e) {
      throw new SlurmParseException(SOURCE, number, "node " + name + ": " + e.getMessage());
    }
  }

  static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
