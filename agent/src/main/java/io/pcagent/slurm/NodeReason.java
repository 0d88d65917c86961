package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a node is down or drained, as the operator wrote it (spaces, brackets and {@code =} kept), with who set
 * it and when when Slurm appended {@code [user@2026-11-29T20:37:49]}.
 */
public record NodeReason(String text, Optional<String> user, Optional<LocalDateTime> since) {
  private static final Pattern SIGNED = Pattern.compile("(?s)(.*?)\\s*\\[([^\\[\\]@\\s]+)@(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})]");

  public static NodeReason parse(String raw) {
    Matcher matcher = SIGNED.matcher(raw.strip());
    if (matcher.matches()) {
      return new NodeReason(matcher.group(1), Optional.of(matcher.group(2)), Optional.of(LocalDateTime.parse(matcher.group(3))));
    }
    return new NodeReason(raw.strip(), Optional.empty(), Optional.empty());
  }
}
