package io.pcagent.smoke;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodeReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a request and the cluster's nodes into a plan (see {@link SmokeTestPlan}). */
public final class SmokeTestPlanner {
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
    Map<String, GpuExpectation> gpus = new LinkedHashMap<>();
    for (Node node : expected) {
      switch (node.state().service()) {
        case POWERED_DOWN -> {
          if (request.includePoweredDown()) {
            runnable(node, runnable, gpus);
          } else {
            skipped.put(node.name(), "powered down (" + node.state().raw() + ")");
          }
        }
        case BOOTING -> skipped.put(node.name(), "booting (" + node.state().raw() + ")");
        case FUTURE -> skipped.put(node.name(), "not in the cluster yet (" + node.state().raw() + ")");
        case OUT_OF_SERVICE -> failed.put(node.name(),
            "out of service: " + node.state().raw() + node.reason().map(SmokeTestPlanner::reason).orElse(""));
        case IN_SERVICE -> runnable(node, runnable, gpus);
      }
    }
    String partition = runnable.isEmpty() ? "" : commonPartition(expected, runnable, request);
    return new SmokeTestPlan(partition, runnable, failed, skipped, gpus, request);
  }

  private static void runnable(Node node, List<String> runnable, Map<String, GpuExpectation> gpus) {
    runnable.add(node.name());
    if (node.gpusTotal() > 0) {
      gpus.put(node.name(), new GpuExpectation(node.gpusTotal(), node.migGpus()));
    }
  }

  private static String reason(NodeReason reason) {
    return ": " + reason.text() + reason.user().map(u -> " (by " + u + ")").orElse("");
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
