package io.pcagent.slurm;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code sdiag}'s text. The main scheduler and backfill sections both have "Last cycle" and "Mean cycle",
 * so values are keyed by section. Lines this parser does not know are skipped; a value it needs that is
 * missing is a parse error.
 */
public final class SdiagParser {
  private static final String SOURCE = "sdiag";
  private static final Pattern VALUE = Pattern.compile("^\\s*([A-Za-z][A-Za-z ()/]*?):\\s+(-?\\d+)\\s*$");
  private static final Pattern RPC = Pattern.compile("^\\s*([A-Z][A-Z0-9_]+)\\s+\\(\\s*\\d+\\)\\s+count:(\\d+)\\b.*$");

  private SdiagParser() {}

  public static SchedulerStats parse(String output) {
    Map<String, Long> values = new HashMap<>();
    Map<String, Long> rpcs = new LinkedHashMap<>();
    String section = "";
    String[] lines = output.split("\n");
    for (String line : lines) {
      if (line.startsWith("Main schedule statistics")) {
        section = "main.";
      } else if (line.startsWith("Backfilling stats")) {
        section = "backfill.";
      } else if (line.startsWith("Remote Procedure Call statistics by message type")) {
        section = "rpc";
      } else if (line.startsWith("Remote Procedure Call statistics by user") || line.startsWith("Pending RPC")) {
        section = "other";
      }
      if (section.equals("rpc")) {
        Matcher rpc = RPC.matcher(line);
        if (rpc.matches()) {
          rpcs.put(rpc.group(1), Long.parseLong(rpc.group(2)));
        }
        continue;
      }
      Matcher value = VALUE.matcher(line);
      if (value.matches()) {
        String key = value.group(1).strip();
        String prefix = section.equals("main.") || section.equals("backfill.") ? section : "";
        values.putIfAbsent(prefix + key, Long.parseLong(value.group(2)));
      }
    }
    return new SchedulerStats(
        required(values, "Server thread count"),
        required(values, "Agent queue size"),
        required(values, "Jobs submitted"),
        required(values, "Jobs started"),
        required(values, "Jobs completed"),
        required(values, "Jobs canceled"),
        required(values, "Jobs failed"),
        required(values, "main.Last cycle"),
        values.getOrDefault("main.Mean cycle", 0L),
        values.getOrDefault("main.Last queue length", 0L),
        values.getOrDefault("backfill.Last cycle", 0L),
        values.getOrDefault("backfill.Mean cycle", 0L),
        values.getOrDefault("backfill.Depth Mean", 0L),
        values.getOrDefault("DBD Agent queue size", 0L),
        values.getOrDefault("main.Cycles per minute", 0L),
        values.getOrDefault("backfill.Total backfilled jobs (since last slurm start)", 0L),
        values.getOrDefault("backfill.Total backfilled jobs (since last stats cycle start)", 0L),
        values.getOrDefault("backfill.Total backfilled heterogeneous job components", 0L),
        rpcs);
  }

  private static long required(Map<String, Long> values, String key) {
    Long value = values.get(key);
    if (value == null) {
      throw new SlurmParseException(SOURCE, "no '" + key.replaceFirst("^(main|backfill)\\.", "") + ":' line (truncated output?)");
    }
    return value;
  }
}
