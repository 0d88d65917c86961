package io.pcagent.slurm;

import java.util.HashMap;
import java.util.List;
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
  private static final StringTable KEYS_AFTER_REASON = StringTable.of(List.of("Comment", "Extra", "ResumeAfterTime", "InstanceId",
      "InstanceType", "ReservationName"));

  /** The keys a parser reads; found by a region of the line, so the keys it skips are never copied. */
  static final class Keys {
    private final StringTable table;
    private final int count;

    private Keys(Set<String> keys) {
      this.table = StringTable.of(keys);
      this.count = keys.size();
    }

    static Keys of(String... keys) {
      return new Keys(Set.of(keys));
    }
  }

  private KeyValueLine() {}

  /** The values of the {@code wanted} keys (others are skipped without being copied), each value interned. */
  static Map<String, String> parse(String line, Keys wanted, Interner interner) {
    return parse(line, wanted, interner, false);
  }

  /** As {@link #parse(String, Keys, Interner)} for a node's record, whose {@code Reason} is an operator's free text. */
  static Map<String, String> parseNode(String line, Keys wanted, Interner interner) {
    return parse(line, wanted, interner, true);
  }

  private static Map<String, String> parse(String line, Keys wanted, Interner interner, boolean freeTextReason) {
    Map<String, String> fields = new HashMap<>(wanted.count * 2);
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
        if (end < length && line.charAt(end) == '=' && (!inFreeText || KEYS_AFTER_REASON.find(line, i, end) != null)) {
          put(fields, interner, key, line, valueStart, i);
          key = wanted.table.find(line, i, end);
          valueStart = end + 1;
          inFreeText = freeTextReason && end - i == FREE_TEXT_KEY.length() && line.startsWith(FREE_TEXT_KEY, i);
          i = end;
        }
      }
    }
    put(fields, interner, key, line, valueStart, length);
    return fields;
  }

  /** The value of a wanted key ({@code key} null: one the parser does not read). */
  private static void put(Map<String, String> fields, Interner interner, String key, String line, int from, int to) {
    if (key != null) {
      fields.put(key, interner.stripped(line, from, to));
    }
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }
}
