package io.pcagent.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Reads the probes' JSON lines out of the job's output and decides every expected node. */
public final class SmokeOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SmokeOutput() {}

  public static SmokeResult evaluate(SmokeTestPlan plan, String stdout, long jobId, String jobState, double seconds) {
    return evaluate(plan, stdout, "", jobId, jobState, seconds);
  }

  /** @param stderr the job's stderr, where Pyxis says why a container did not start */
  public static SmokeResult evaluate(SmokeTestPlan plan, String stdout, String stderr, long jobId, String jobState, double seconds) {
    Map<String, String> containerErrors = ContainerErrors.byNode(stderr);
    Map<String, List<JsonNode>> reports = new LinkedHashMap<>();
    Set<String> containerRan = new HashSet<>();
    String containerUnavailable = null;
    for (String line : stdout.split("\n")) {
      if (line.startsWith("{\"container\":") || line.startsWith("{\"containerUnavailable\":")) {
        try {
          JsonNode container = JSON.readTree(line);
          if (container.has("container")) {
            containerRan.add(container.path("container").asText());
          } else {
            containerUnavailable = container.path("containerUnavailable").asText();
          }
        } catch (IOException e) {
          // a cut line: that node's container check fails below
        }
        continue;
      }
      if (!line.startsWith("{\"node\":")) {
        continue;
      }
      try {
        JsonNode report = JSON.readTree(line);
        reports.computeIfAbsent(report.path("node").asText(), k -> new ArrayList<>()).add(report);
      } catch (IOException e) {
        // a line cut by a killed step: the node's other lines (or its absence) decide it
      }
    }
    List<NodeResult> results = new ArrayList<>();
    plan.failedUpFront().forEach((node, why) -> results.add(new NodeResult(node, "fail", List.of("state"), why)));
    String image = plan.request().containerImage();
    for (String node : plan.runnable()) {
      NodeResult result = decide(node, reports.getOrDefault(node, List.of()), plan.request().tasksPerNode(), jobState);
      results.add(image == null || result.result().equals("missing") ? result
          : withContainer(result, image, containerRan.contains(node), containerUnavailable, containerErrors.get(node)));
    }
    plan.skipped().forEach((node, why) -> results.add(new NodeResult(node, "skipped", List.of(), why)));
    boolean pass = !results.isEmpty() && results.stream().allMatch(r -> r.result().equals("pass") || r.result().equals("skipped"))
        && results.stream().anyMatch(r -> r.result().equals("pass"));
    return new SmokeResult(pass ? "pass" : "fail", results, jobId, jobState, seconds);
  }

  /** The container step's outcome on one node: ran, did not run (a failure), or could not be tried (noted). */
  private static NodeResult withContainer(NodeResult result, String image, boolean ran, String unavailable, String error) {
    if (ran) {
      return new NodeResult(result.node(), result.result(), result.failures(), result.detail() + "; container: ran " + image);
    }
    if (unavailable != null) {
      return new NodeResult(result.node(), result.result(), result.failures(), result.detail() + "; container: skipped, " + unavailable);
    }
    List<String> failures = new ArrayList<>(result.failures());
    failures.add("container");
    String detail = "container: srun --container-image=" + image + " did not run on this node" + (error == null ? "" : ": " + error);
    return new NodeResult(result.node(), "fail", failures, result.result().equals("pass") ? detail : result.detail() + "; " + detail);
  }

  private static NodeResult decide(String node, List<JsonNode> reports, int tasksPerNode, String jobState) {
    if (reports.isEmpty()) {
      return new NodeResult(node, "missing", List.of(), "no report from this node (job " + jobState + ")");
    }
    List<String> failures = new ArrayList<>();
    List<String> details = new ArrayList<>();
    for (JsonNode report : reports) {
      for (JsonNode check : report.path("checks")) {
        if (check.path("status").asText().equals("fail") && !failures.contains(check.path("name").asText())) {
          failures.add(check.path("name").asText());
          details.add(check.path("name").asText() + ": " + check.path("detail").asText());
        }
      }
    }
    if (reports.size() < tasksPerNode) {
      failures.add("tasks");
      details.add("tasks: " + reports.size() + " of " + tasksPerNode + " reported");
    }
    if (failures.isEmpty()) {
      return new NodeResult(node, "pass", List.of(), reports.size() + " of " + tasksPerNode + " tasks passed every check");
    }
    return new NodeResult(node, "fail", failures, String.join("; ", details));
  }
}
