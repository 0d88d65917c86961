package io.pcagent.smoke;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a container did not start on a node, from the job's stderr where Pyxis reports it
 * ({@code slurmstepd-NODE: error: pyxis: failed to import docker image: ...}, then enroot's log, its
 * {@code [ERROR]} line saying what went wrong).
 */
final class ContainerErrors {
  private static final Pattern PYXIS = Pattern.compile("^slurmstepd-(\\S+): error: pyxis: +(.*)$");
  private static final int MAX = 400;

  private ContainerErrors() {}

  static Map<String, String> byNode(String stderr) {
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> enrootError = new LinkedHashMap<>();
    for (String line : stderr.split("\n")) {
      Matcher matcher = PYXIS.matcher(line.strip());
      if (!matcher.matches()) {
        continue;
      }
      String node = matcher.group(1);
      String message = matcher.group(2).strip();
      if (message.startsWith("failed to ") || message.startsWith("container ")) {
        failed.putIfAbsent(node, message);
      } else if (message.contains("[ERROR]") || message.startsWith("enroot-") || message.contains(": error:")) {
        enrootError.putIfAbsent(node, message);
      }
    }
    Map<String, String> why = new LinkedHashMap<>();
    failed.forEach((node, message) -> why.put(node, cap(message + enrootError.getOrDefault(node, "").transform(e -> e.isEmpty() ? "" : ": " + e))));
    enrootError.forEach((node, message) -> why.putIfAbsent(node, cap(message)));
    return why;
  }

  private static String cap(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
  }
}
