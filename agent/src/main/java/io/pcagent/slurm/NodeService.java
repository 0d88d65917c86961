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
  /**
   * Powering up ({@code #}) or rebooting on request: will take work once its slurmd registers. A reboot asked with
   * {@code ASAP} drains the node first ({@code REBOOT_REQUESTED}, its jobs finishing), then is issued (base DOWN,
   * {@code REBOOT_ISSUED}); both are this, as long as the reboot returns the node to service.
   */
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
    if ((state.has("REBOOT_REQUESTED") || state.has("REBOOT_ISSUED")) && rebootReturnsToService(state)) {
      return BOOTING;
    }
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

  /**
   * Whether the node takes work once the reboot is done, as slurmctld decides when its slurmd registers again
   * (node_mgr.c, validate_node_specs; scontrol(1), reboot): a NextState other than DOWN (RESUME; UNDRAIN, which ASAP
   * sets when none is given) clears the DRAIN and the DOWN; without one the node keeps what it had, so a drain or a
   * fail an operator set stays.
   */
  private static boolean rebootReturnsToService(NodeState state) {
    return state.nextState().map(next -> !next.equals("DOWN")).orElse(!state.has("DRAIN") && !state.has("FAIL"));
  }
}
