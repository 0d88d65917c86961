package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a node is down or drained, as the operator wrote it (spaces, brackets and {@code =} kept), with who set
 * it and when when Slurm appended {@code [user@2026-11-29T20:37:49]}. Slurm signs the first line of a reason; the
 * lines after it are printed each on a continuation (in {@code -o} output: a space, then seven), and come back
 * here as lines of the text.
 */
public record NodeReason(String text, Optional<String> user, Optional<LocalDateTime> since) {
  private static final Pattern SIGNED = Pattern.compile(
      "(?s)(.*?)\\s*\\[([^\\[\\]@\\s]+)@(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})](?:( {8})(.*))?");
  private static final String CONTINUATION = " {8}";

  public static NodeReason parse(String raw) {
    Matcher matcher = SIGNED.matcher(raw.strip());
    if (matcher.matches()) {
      String text = matcher.group(1);
      if (matcher.group(5) != null) {
        text = text + "\n" + String.join("\n", matcher.group(5).split(CONTINUATION));
      }
      return new NodeReason(text, Optional.of(matcher.group(2)), Optional.of(LocalDateTime.parse(matcher.group(3))));
    }
    return new NodeReason(String.join("\n", raw.strip().split(CONTINUATION)), Optional.empty(), Optional.empty());
  }
}
