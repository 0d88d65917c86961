package io.pcagent.smoke;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodeReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a request and the cluster's nodes into a plan (see {@link SmokeTestPlan}). */
public final class SmokeTestPlanner {
  private static final Pattern GPUS = Pattern.compile("gpu(?::[^:,(]+)?:(\\d+)");

  private SmokeTestPlanner() {}

  public static SmokeTestPlan plan(SmokeTestRequest request, List<Node> nodes) {
    List<Node> expected = new ArrayList<>();
    for (Node node : nodes) {
      boolean inPartitions = request.partitions().isEmpty() || node.partitions().stream().anyMatch(request.partitions()::contains);
      boolean asked = request.nodes().isEmpty() || request.nodes().contains(node.name());
      if (inPartitions && asked) {
        expected.add(node);
      }
    }
    List<String> unknown = request.nodes().stream().filter(n -> nodes.stream().noneMatch(node -> node.name().equals(n))).toList();
    if (!unknown.isEmpty()) {
      throw new PcagentException(ExitCode.USAGE, "nodes unknown to Slurm: " + String.join(", ", unknown));
    }
    if (expected.isEmpty()) {
      throw new PcagentException(ExitCode.USAGE, "no node matches partitions " + request.partitions() + " and nodes " + request.nodes());
    }
    List<String> runnable = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, Integer> gpus = new LinkedHashMap<>();
    for (Node node : expected) {
      if (node.state().poweredDown() && !node.state().unavailable() && !request.includePoweredDown()) {
        skipped.put(node.name(), "powered down (" + node.state().raw() + ")");
      } else if (node.state().unavailable()) {
        failed.put(node.name(), "out of service: " + node.state().raw() + node.reason().map(SmokeTestPlanner::reason).orElse(""));
      } else {
        runnable.add(node.name());
        gpuCount(node).ifPresent(count -> gpus.put(node.name(), count));
      }
    }
    String partition = runnable.isEmpty() ? "" : commonPartition(expected, runnable, request);
    return new SmokeTestPlan(partition, runnable, failed, skipped, gpus, request);
  }

  private static String reason(NodeReason reason) {
    return ": " + reason.text() + reason.user().map(u -> " (by " + u + ")").orElse("");
  }

  static Optional<Integer> gpuCount(Node node) {
    return node.gres().map(GPUS::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1))).filter(n -> n > 0);
  }

  /** A job runs in one partition: the first (asked-for) partition that holds every runnable node. */
  private static String commonPartition(List<Node> expected, List<String> runnable, SmokeTestRequest request) {
    List<Node> running = expected.stream().filter(n -> runnable.contains(n.name())).toList();
    List<String> candidates = request.partitions().isEmpty() ? running.get(0).partitions() : request.partitions();
    for (String partition : candidates) {
      if (running.stream().allMatch(n -> n.partitions().contains(partition))) {
        return partition;
      }
    }
    throw new PcagentException(ExitCode.USAGE, "the nodes span partitions with none holding them all: "
        + "run one smoke test per partition (partitions=[name])");
  }
}
