package io.pcagent.slurm;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's name for why a job waits, from what squeue prints for {@code %r}: the reason's name ({@code Resources},
 * {@code Priority}, {@code ReqNodeNotAvail}...), unless slurmctld gave the job a description, which squeue prints
 * instead (src/squeue/print.c, _print_job_reason: state_desc when set, else job_state_reason_string). The descriptions
 * a waiting job carries in Slurm 24.11, each with the reason slurmctld sets beside it (names from
 * src/common/job_state_reason.c):
 * <ul>
 *   <li>{@code Nodes required for job are DOWN, DRAINED[, REBOOTING] or reserved for jobs in higher priority partitions}:
 *       WAIT_RESOURCES, {@code Resources} (src/slurmctld/job_scheduler.c: too few nodes of the partition available;
 *       what ParallelCluster's jobs show while the dynamic nodes they need are powered down or launching)</li>
 *   <li>{@code ReqNodeNotAvail, UnavailableNodes:...}, {@code ReqNodeNotAvail, May be reserved for other job},
 *       {@code ReqNodeNotAvail, Reserved for maintenance}: {@code ReqNodeNotAvail} (src/slurmctld/node_scheduler.c)</li>
 *   <li>{@code uid N not in group permitted to use this partition (...)}: WAIT_ACCOUNT, {@code AccountNotAllowed}
 *       (node_scheduler.c)</li>
 *   <li>{@code job requeued in held state}, {@code job requeued in special exit state}, {@code launch failed requeued
 *       held}: WAIT_HELD_USER, {@code JobHeldUser}; {@code launch failure limit exceeded requeued held}:
 *       WAIT_MAX_REQUEUE, {@code JobHoldMaxRequeue} (src/slurmctld/job_mgr.c)</li>
 * </ul>
 * Other text that is not a name is {@link #OTHER}: a label must stay one of a bounded set.
 */
public final class JobReason {
  public static final String NONE = "None";
  public static final String OTHER = "other";
  private static final int MAX_LENGTH = 64;
  /** A name, alone or before what qualifies it ({@code ReqNodeNotAvail, ...}, {@code BadConstraints(...)}). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(?=$|[,:(])");

  private record Description(Pattern text, String reason) {}

  private static final List<Description> DESCRIPTIONS = List.of(
      new Description(Pattern.compile("Nodes required for job are DOWN, DRAINED.*"), "Resources"),
      new Description(Pattern.compile("uid \\d+ not in group permitted to use this partition.*"), "AccountNotAllowed"),
      new Description(Pattern.compile("job requeued in (held|special exit) state|launch failed requeued held"), "JobHeldUser"),
      new Description(Pattern.compile("launch failure limit exceeded requeued held"), "JobHoldMaxRequeue"));

  private JobReason() {}

  /** The reason's name for what squeue printed; {@link #NONE} for nothing or {@code (null)}. */
  public static String name(String printed) {
    String text = printed == null ? "" : printed.strip();
    if (text.isEmpty() || text.equals("(null)")) {
      return NONE;
    }
    for (Description description : DESCRIPTIONS) {
      if (description.text().matcher(text).matches()) {
        return description.reason();
      }
    }
    Matcher name = NAME.matcher(text);
    return name.lookingAt() && name.end() <= MAX_LENGTH ? text.substring(0, name.end()) : OTHER;
  }
}
