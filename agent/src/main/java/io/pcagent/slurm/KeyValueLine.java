package io.pcagent.slurm;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One record of {@code scontrol show <entity> -o}: {@code Key=value} pairs separated by spaces, where values
 * may themselves hold spaces ({@code OS=Linux 6.1 #1 SMP}) and {@code =} ({@code CfgTRES=cpu=2,mem=2G}).
 * A key starts with a capital letter right after a space. In a node's record the free-text {@code Reason} runs to the
 * next of the keys Slurm prints after it (node_info.c, since 23.02: Comment, Extra, InstanceId and InstanceType,
 * ReservationName, each optional; ResumeAfterTime came after it in some releases), so an operator's reason keeps
 * every character, {@code =} and brackets included.
 * A hand-written scanner rather than a regular expression: at 10,000 nodes a line this is the hot loop.
 */
final class KeyValueLine {
  private static final String FREE_TEXT_KEY = "Reason";
  private static final Set<String> KEYS_AFTER_REASON = Set.of("Comment", "Extra", "ResumeAfterTime", "InstanceId", "InstanceType",
      "ReservationName");

  private KeyValueLine() {}

  /** The values of the {@code wanted} keys (others are skipped without being copied). */
  static Map<String, String> parse(String line, Set<String> wanted) {
    return parse(line, wanted, false);
  }

  /** As {@link #parse(String, Set)} for a node's record, whose {@code Reason} is an operator's free text. */
  static Map<String, String> parseNode(String line, Set<String> wanted) {
    return parse(line, wanted, true);
  }

  private static Map<String, String> parse(String line, Set<String> wanted, boolean freeTextReason) {
    Map<String, String> fields = new HashMap<>(wanted.size() * 2);
    String key = null;
    int valueStart = 0;
    boolean inFreeText = false;
    int length = line.length();
    for (int i = 0; i < length; i++) {
      if ((i == 0 || line.charAt(i - 1) == ' ') && isUpper(line.charAt(i))) {
        int end = i + 1;
        while (end < length && isKeyChar(line.charAt(end))) {
          end++;
        }
        if (end < length && line.charAt(end) == '=') {
          String candidate = line.substring(i, end);
          if (!inFreeText || KEYS_AFTER_REASON.contains(candidate)) {
            put(fields, wanted, key, line, valueStart, i);
            key = candidate;
            valueStart = end + 1;
            inFreeText = freeTextReason && candidate.equals(FREE_TEXT_KEY);
            i = end;
          }
        }
      }
    }
    put(fields, wanted, key, line, valueStart, length);
    return fields;
  }

  private static void put(Map<String, String> fields, Set<String> wanted, String key, String line, int from, int to) {
    if (key != null && wanted.contains(key)) {
      fields.put(key, line.substring(from, to).strip());
    }
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }
}
