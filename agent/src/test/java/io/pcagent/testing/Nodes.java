package io.pcagent.testing;

import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodeState;
import java.util.List;
import java.util.Optional;

/** Nodes for unit tests that care about one thing (a state), the rest plain. */
public final class Nodes {
  private Nodes() {}

  /** {@code state} as scontrol prints it, with {@code " NextState=X"} after it where Slurm prints one. */
  public static Node inState(String name, String state, String partition) {
    return new Node(name, state(state), List.of(partition), 0, 2, 2048, 0, Optional.empty(), 0, 0,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static NodeState state(String stateAndNext) {
    String[] parts = stateAndNext.split(" NextState=");
    return NodeState.parse(parts[0], parts.length > 1 ? parts[1] : null);
  }
}
