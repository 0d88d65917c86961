package io.pcagent.metrics;

import io.micrometer.core.instrument.Tags;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.JobReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why jobs wait, as a bounded label: Slurm's reason name ({@code Resources}, {@code Priority}, {@code Dependency},
 * {@code ReqNodeNotAvail}..., {@link JobReason}) without what follows it ({@code ReqNodeNotAvail, UnavailableNodes:compute-[1-9]}
 * names nodes, which would make a series per node list), and at most {@link #MAX_REASONS} of them; the rest are {@code other}.
 */
final class PendingReasons {
  static final int MAX_REASONS = 32;

  private PendingReasons() {}

  static Map<Tags, Long> count(List<Job> jobs) {
    Map<String, Long> byReason = new HashMap<>();
    for (Job job : jobs) {
      if (job.state().equals("PENDING")) {
        byReason.merge(code(job.reason().orElse("None")), 1L, Long::sum);
      }
    }
    Map<Tags, Long> rows = new HashMap<>();
    byReason.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEachOrdered(entry -> {
          String reason = rows.size() < MAX_REASONS - 1 || byReason.size() <= MAX_REASONS ? entry.getKey() : "other";
          rows.merge(Tags.of("reason", reason), entry.getValue(), Long::sum);
        });
    return rows;
  }

  /** The reason's name ({@link JobReason}): never the nodes or text that follow it. */
  static String code(String reason) {
    return JobReason.name(reason);
  }
}
