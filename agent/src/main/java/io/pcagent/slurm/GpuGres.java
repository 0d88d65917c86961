package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GPUs in a node's {@code Gres} or {@code GresUsed}, as Slurm counts them: every {@code gpu} entry summed
 * ({@code gpu:8}, {@code gpu:h100:8(S:0-1)}, {@code gpu:h100:4(S:0),gpu:a100:4(S:1)} is 8,
 * {@code gpu:h100:2(IDX:0,3)}), other GRES ({@code lscratch:3200}) left out. A MIG profile type
 * ({@code gpu:1g.10gb:7}) counts MIG devices, as Slurm does, not physical GPUs.
 */
public final class GpuGres {
  private static final Pattern MIG_PROFILE = Pattern.compile("\\d+g\\.\\d+gb(\\+me)?");

  private GpuGres() {}

  /** The sum of every gpu entry's count; 0 for none, {@code (null)} or no gpu entry. */
  public static int count(String gres) {
    int total = 0;
    for (String entry : entries(gres)) {
      String[] parts = withoutSuffix(entry).split(":");
      if (parts.length >= 2 && parts[0].equals("gpu")) {
        total += countOf(entry, parts[parts.length - 1]);
      }
    }
    return total;
  }

  /** Whether the gpu entries are MIG profiles (then the smoke test compares with MIG devices). */
  public static boolean mig(String gres) {
    return entries(gres).stream().map(e -> withoutSuffix(e).split(":"))
        .anyMatch(parts -> parts.length == 3 && parts[0].equals("gpu") && MIG_PROFILE.matcher(parts[1]).matches());
  }

  /** Entries split at the commas that are not inside parentheses ({@code (IDX:0,2-3)} holds commas). */
  private static List<String> entries(String gres) {
    List<String> entries = new ArrayList<>();
    if (SlurmValues.isNone(gres)) {
      return entries;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < gres.length(); i++) {
      char c = gres.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (c == ',' && depth == 0) {
        entries.add(gres.substring(start, i).strip());
        start = i + 1;
      }
    }
    entries.add(gres.substring(start).strip());
    return entries;
  }

  private static String withoutSuffix(String entry) {
    int paren = entry.indexOf('(');
    return paren < 0 ? entry : entry.substring(0, paren);
  }

  private static int countOf(String entry, String count) {
    try {
      return Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a gpu entry without a count: '" + entry + "'", e);
    }
  }
}
