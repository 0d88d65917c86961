package io.pcagent.smoke;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes a smoke test expects and what becomes of each before the job runs: the usable ones run it,
 * nodes out of service fail up front (named with why), powered-down dynamic nodes are skipped.
 *
 * @param partition the one partition holding every node that runs the job
 * @param gpus the GPUs (or MIG devices) each node with GPUs must show, from its Gres
 */
public record SmokeTestPlan(
    String partition,
    List<String> runnable,
    Map<String, String> failedUpFront,
    Map<String, String> skipped,
    Map<String, GpuExpectation> gpus,
    SmokeTestRequest request) {

  public SmokeTestPlan {
    runnable = List.copyOf(runnable);
    // in Slurm's order, so that reports list the nodes the same way every time (Map.copyOf has no order)
    failedUpFront = Collections.unmodifiableMap(new LinkedHashMap<>(failedUpFront));
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    gpus = Collections.unmodifiableMap(new LinkedHashMap<>(gpus));
  }
}
