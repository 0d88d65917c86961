package io.pcagent.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node states as {@code sinfo -h -N -o "%N %t"} prints them, one line per node and partition. */
record SinfoNodes(Map<String, String> states) {
  static final SinfoNodes EMPTY = new SinfoNodes(Map.of());
  /** A static node ready for work. */
  static final String IDLE = "idle";
  /** A dynamic node powered down, ready to be resumed: what ParallelCluster's {@code -dy-} nodes show when unused. */
  static final String POWERED_DOWN_IDLE = "idle~";

  static SinfoNodes parse(String output) {
    Map<String, String> states = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 2) {
        states.put(fields[0], fields[1]);
      }
    }
    return new SinfoNodes(Map.copyOf(states));
  }

  boolean isEmpty() {
    return states.isEmpty();
  }

  boolean ready(SandboxSpec spec) {
    return notReady(spec).isEmpty();
  }

  /**
   * Every static node registered and responding, whatever its load: after slurmctld restarts, jobs it
   * recovered from its state folder may keep nodes busy for a while, which is not a failure to come up.
   */
  boolean responding(SandboxSpec spec) {
    return spec.staticNodeNames().stream().map(states::get)
        .allMatch(state -> state != null && !state.endsWith("*") && !state.startsWith("down"));
  }

  /** Each node not in its ready state, as "name state" ("name missing" when sinfo does not list it). */
  List<String> notReady(SandboxSpec spec) {
    List<String> pending = new ArrayList<>();
    spec.staticNodeNames().forEach(node -> expect(node, IDLE, pending));
    spec.dynamicNodeNames().forEach(node -> expect(node, POWERED_DOWN_IDLE, pending));
    return pending;
  }

  private void expect(String node, String state, List<String> pending) {
    String actual = states.get(node);
    if (!state.equals(actual)) {
      pending.add(node + " " + (actual == null ? "missing" : actual));
    }
  }
}
