package io.pcagent.slurm;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduler figures of slurmctld's own metrics ({@code GET /metrics/scheduler}, Slurm 25.11 and later with
 * MetricsType=metrics/openmetrics: https://slurm.schedmd.com/metrics.html) as the agent's {@link SchedulerStats}: the
 * same counters sdiag prints, in the same units (checked live on 26.05.5, sdiag and the endpoint side by side:
 * cycles in microseconds). Per-RPC counts are sdiag's alone: none here. Cycles per minute, which sdiag computes, is
 * computed as sdiag does (src/sdiag/sdiag.c: cycles / whole minutes since the statistics' start).
 */
public final class OpenMetricsScheduler {
  private static final String SOURCE = "slurmctld /metrics/scheduler";
  private static final Pattern SAMPLE = Pattern.compile("^(slurm_[a-z_]+) (-?\\d+(?:\\.\\d+)?)$");

  private OpenMetricsScheduler() {}

  public static SchedulerStats parse(String text) {
    Map<String, Long> values = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.strip());
      if (sample.matches()) {
        values.put(sample.group(1), (long) Double.parseDouble(sample.group(2)));
      }
    }
    long since = values.getOrDefault("slurm_last_proc_req_start", 0L);
    long now = values.getOrDefault("slurm_sched_stats_timestamp", 0L);
    long minutes = (now - since) / 60;
    long cycles = required(values, "slurm_schedule_cycle_cnt");
    return new SchedulerStats(
        required(values, "slurm_server_thread_cnt"),
        required(values, "slurm_agent_queue_size"),
        required(values, "slurm_sdiag_jobs_submitted"),
        required(values, "slurm_sdiag_jobs_started"),
        required(values, "slurm_sdiag_jobs_completed"),
        required(values, "slurm_sdiag_jobs_canceled"),
        required(values, "slurm_sdiag_jobs_failed"),
        required(values, "slurm_schedule_cycle_last"),
        values.getOrDefault("slurm_sched_mean_cycle", 0L),
        values.getOrDefault("slurm_schedule_queue_len", 0L),
        values.getOrDefault("slurm_bf_cycle_last", 0L),
        values.getOrDefault("slurm_bf_mean_cycle", 0L),
        values.getOrDefault("slurm_bf_depth_mean", 0L),
        values.getOrDefault("slurm_slurmdbd_queue_size", 0L),
        minutes > 0 ? cycles / minutes : 0,
        values.getOrDefault("slurm_backfilled_jobs", 0L),
        values.getOrDefault("slurm_last_backfilled_jobs", 0L),
        values.getOrDefault("slurm_backfilled_het_jobs", 0L),
        Map.of());
  }

  private static long required(Map<String, Long> values, String name) {
    Long value = values.get(name);
    if (value == null) {
      throw new SlurmParseException(SOURCE, "no " + name + " (truncated answer, or not Slurm's scheduler metrics?)");
    }
    return value;
  }
}
