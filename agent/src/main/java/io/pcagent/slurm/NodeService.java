package io.pcagent.slurm;

import java.util.Locale;

/**
 * Whether a node can take work, from its base state and flags (docs/metrics.md has the whole table). ParallelCluster
 * makes the power states everyday ones: a dynamic node sleeps ({@code idle~}) until a job wakes it, boots
 * ({@code alloc#}, often NOT_RESPONDING meanwhile) and sleeps again ({@code idle%}). Sleeping and booting capacity is
 * not missing capacity.
 */
public enum NodeService {
  /** Up and responding: takes work. */
  IN_SERVICE,
  /** Powering up ({@code #}) or rebooting on request: will take work once its slurmd registers. */
  BOOTING,
  /** Powered down ({@code ~}) or powering down ({@code %}): asleep; a job that asks for it powers it up. */
  POWERED_DOWN,
  /** Declared for later ({@code FUTURE}): not part of the cluster yet. */
  FUTURE,
  /** Down, drained, failing, not responding or rejected: needs an operator. */
  OUT_OF_SERVICE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static NodeService of(NodeState state) {
    if (state.base().equals("DOWN")) {
      // DOWN+CLOUD+POWERED_DOWN is ParallelCluster's "could not launch" (ICE) or a replaced static node: down.
      return OUT_OF_SERVICE;
    }
    if (state.has("POWERED_DOWN") || state.has("POWERING_DOWN")) {
      return POWERED_DOWN;
    }
    boolean operatorHold = state.has("DRAIN") || state.has("FAIL");
    if ((state.has("POWERING_UP") || state.has("REBOOT_ISSUED")) && !operatorHold) {
      return BOOTING;
    }
    if (state.base().equals("FUTURE")) {
      return FUTURE;
    }
    if (state.base().equals("ERROR") || operatorHold || state.has("NOT_RESPONDING")
        || state.has("INVALID_REG")) {
      return OUT_OF_SERVICE;
    }
    return IN_SERVICE;
  }
}
