package io.pcagent.jobs;

import java.util.Map;

/**
 * A batch job submitted over the API, already validated: its script, name, partition (null: Slurm's default),
 * shape, time limit in Slurm's format (null: the partition's default) and extra environment. Stored as the
 * run's parameters (JSON), so absent values are nulls.
 */
public record JobRequest(
    String script,
    String name,
    String partition,
    int nodes,
    int ntasksPerNode,
    String timeLimit,
    Map<String, String> env) {

  public JobRequest {
    env = Map.copyOf(env);
  }
}
