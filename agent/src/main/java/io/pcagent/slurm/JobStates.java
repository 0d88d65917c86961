package io.pcagent.slurm;

import java.util.Set;

/** Job states as squeue prints them (%T). */
public final class JobStates {
  /** States of a job that will not run any more. */
  private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL",
      "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "SPECIAL_EXIT", "REVOKED");

  private JobStates() {}

  public static boolean ended(String state) {
    return ENDED.contains(state);
  }
}
