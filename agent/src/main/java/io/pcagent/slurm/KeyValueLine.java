package io.pcagent.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One record of {@code scontrol show <entity> -o}: {@code Key=value} pairs separated by spaces, where values
 * may themselves hold spaces ({@code OS=Linux 6.1 #1 SMP}) and {@code =} ({@code CfgTRES=cpu=2,mem=2G}).
 * A key starts with a capital letter right after a space. The free-text {@code Reason} runs to the end of
 * the line, except for the few keys Slurm prints after it, so an operator's reason keeps every character.
 */
final class KeyValueLine {
  private static final Pattern KEY = Pattern.compile("(?:^| )([A-Z][A-Za-z0-9_]*)=");
  private static final String FREE_TEXT_KEY = "Reason";
  private static final Set<String> KEYS_AFTER_REASON = Set.of("Comment", "Extra", "ResumeAfterTime", "InstanceId", "InstanceType");

  private KeyValueLine() {}

  static Map<String, String> parse(String line) {
    List<int[]> keys = new ArrayList<>();
    Matcher matcher = KEY.matcher(line);
    boolean inFreeText = false;
    while (matcher.find()) {
      String key = matcher.group(1);
      if (inFreeText && !KEYS_AFTER_REASON.contains(key)) {
        continue;
      }
      keys.add(new int[] {matcher.start(1), matcher.end(1), matcher.end()});
      inFreeText = key.equals(FREE_TEXT_KEY);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      int[] key = keys.get(i);
      int valueEnd = i + 1 < keys.size() ? keys.get(i + 1)[0] : line.length();
      fields.put(line.substring(key[0], key[1]), line.substring(key[2], valueEnd).strip());
    }
    return fields;
  }
}
