package io.pcagent.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How far a running smoke test is: nodes that reported so far, of those that run it (from its run folder). */
public record SmokeProgress(int reported, int expected) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NODE = Pattern.compile("^\\{\"node\":\"([^\"]+)\"", Pattern.MULTILINE);

  public static Optional<SmokeProgress> of(Path runDir) {
    try {
      SmokeTestPlan plan = JSON.readValue(runDir.resolve("plan.json").toFile(), SmokeTestPlan.class);
      String out;
      try {
        out = Files.readString(runDir.resolve(SmokeJobFiles.STDOUT));
      } catch (NoSuchFileException e) {
        out = "";
      }
      Set<String> nodes = new HashSet<>();
      Matcher matcher = NODE.matcher(out);
      while (matcher.find()) {
        nodes.add(matcher.group(1));
      }
      nodes.retainAll(plan.runnable());
      return Optional.of(new SmokeProgress(nodes.size(), plan.runnable().size()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
