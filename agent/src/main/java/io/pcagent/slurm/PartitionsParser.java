package io.pcagent.slurm;

import java.util.Set;

/** Parses {@code scontrol show partitions -o}: one partition per line. */
public final class PartitionsParser {
  private static final String SOURCE = "scontrol show partitions";
  private static final KeyValueLine.Keys KEYS = KeyValueLine.Keys.of("PartitionName", "State", "Nodes", "TotalNodes", "TotalCPUs", "Default", "MaxTime");

  private PartitionsParser() {}

  public static Parsed<Partition> parse(String output) {
    Interner interner = new Interner();
    return LineRecords.parse(SOURCE, output, Set.of("No partitions in the system"),
        LineRecords.leadingKey("PartitionName", "partition"), line -> parseLine(line, interner));
  }

  private static Partition parseLine(String line, Interner interner) {
    if (!line.startsWith("PartitionName=")) {
      throw RecordProblem.ofRecord("expected a line starting with PartitionName=, got '" + LineRecords.abbreviate(line) + "'");
    }
    Fields fields = new Fields(KeyValueLine.parse(line, KEYS, interner));
    return new Partition(
        fields.required("PartitionName"),
        fields.required("State"),
        fields.raw("Nodes") == null ? "" : fields.raw("Nodes"),
        (int) fields.number("TotalNodes"),
        (int) fields.number("TotalCPUs"),
        "YES".equals(fields.raw("Default")),
        fields.text("MaxTime"));
  }
}
