package io.pcagent.slurm;

import java.util.Set;

/**
 * Parses {@code scontrol -d show nodes -o}: one node per line; a line that cannot be read is a problem, not an outage.
 * {@code -d} because slurmctld packs a node's GresUsed (and GresDrain) only for a detailed request (node_mgr.c,
 * _pack_node: "Gathering GRES details is slow, so don't by default"); without it allocated GPUs read as none.
 */
public final class NodesParser {
  private static final String SOURCE = "scontrol show nodes";
  private static final KeyValueLine.Keys KEYS = KeyValueLine.Keys.of("NodeName", "State", "Partitions", "CPUAlloc", "CPUTot", "RealMemory",
      "AllocMem", "Gres", "GresUsed", "NodeAddr", "NodeHostName", "Reason", "BootTime", "SlurmdStartTime", "Version",
      "ReservationName", "InstanceId", "InstanceType", "NextState");

  private static final Set<String> EMPTY = Set.of("No nodes in the system");

  private NodesParser() {}

  public static Parsed<Node> parse(String output) {
    Interner interner = new Interner();
    return LineRecords.parse(SOURCE, output, EMPTY, LineRecords.leadingKey("NodeName", "node"), line -> parseLine(line, interner));
  }

  /** A reader for the output a line at a time, as the command prints it. */
  static LineRecords.Reader<Node> reader() {
    Interner interner = new Interner();
    return new LineRecords.Reader<>(SOURCE, EMPTY, LineRecords.leadingKey("NodeName", "node"), line -> parseLine(line, interner));
  }

  private static Node parseLine(String line, Interner interner) {
    if (!line.startsWith("NodeName=")) {
      throw RecordProblem.ofRecord("expected a line starting with NodeName=, got '" + LineRecords.abbreviate(line) + "'");
    }
    Fields fields = new Fields(KeyValueLine.parseNode(line, KEYS, interner));
    String name = fields.required("NodeName");
    if (name.isEmpty()) {
      throw new RecordProblem("NodeName", "empty");
    }
    Fields.Gpus gpus = fields.gpus();
    return new Node(
        name,
        interner.state(fields.required("State"), fields.raw("NextState")),
        SlurmValues.list(fields.raw("Partitions")).stream().map(interner::string).toList(),
        (int) fields.number("CPUAlloc"),
        (int) fields.number("CPUTot"),
        fields.number("RealMemory"),
        fields.numberOrZero("AllocMem"),
        interner.optional(fields.raw("Gres")),
        gpus.total(),
        gpus.allocated(),
        fields.text("NodeAddr"),
        fields.text("NodeHostName"),
        fields.text("Reason").map(NodeReason::parse),
        fields.time("BootTime", interner),
        fields.time("SlurmdStartTime", interner),
        interner.optional(fields.raw("Version")),
        interner.optional(fields.raw("ReservationName")),
        fields.text("InstanceId"),
        interner.optional(fields.raw("InstanceType")));
  }
}
