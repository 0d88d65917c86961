package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code scontrol show partitions -o}: one partition per line. */
public final class PartitionsParser {
  private static final String SOURCE = "scontrol show partitions";
  private static final Set<String> KEYS = Set.of("PartitionName", "State", "Nodes", "TotalNodes", "TotalCPUs", "Default", "MaxTime");

  private PartitionsParser() {}

  public static List<Partition> parse(String output) {
    List<Partition> partitions = new ArrayList<>();
    String[] lines = output.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.equals("No partitions in the system")) {
        continue;
      }
      if (!line.startsWith("PartitionName=")) {
        throw new SlurmParseException(SOURCE, i + 1,
            "expected a line starting with PartitionName=, got '" + NodesParser.abbreviate(line) + "'");
      }
      Map<String, String> fields = KeyValueLine.parse(line, KEYS);
      try {
        partitions.add(new Partition(
            fields.get("PartitionName"),
            SlurmValues.required(fields, "State"),
            fields.getOrDefault("Nodes", ""),
            (int) SlurmValues.number(SlurmValues.required(fields, "TotalNodes")),
            (int) SlurmValues.number(SlurmValues.required(fields, "TotalCPUs")),
            "YES".equals(fields.get("Default")),
            SlurmValues.text(fields, "MaxTime")));
      } catch (IllegalArgumentException e) {
        throw new SlurmParseException(SOURCE, i + 1, "partition " + fields.get("PartitionName") + ": " + e.getMessage());
      }
    }
    return partitions;
  }
}
