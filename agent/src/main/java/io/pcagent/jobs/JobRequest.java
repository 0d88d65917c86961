package io.pcagent.jobs;

import java.util.Map;
import java.util.Optional;

/**
 * A batch job submitted over the API, already validated: its script, name, partition, shape, time limit
 * (Slurm's format) and extra environment.
 */
public record JobRequest(
    String script,
    String name,
    Optional<String> partition,
    int nodes,
    int ntasksPerNode,
    Optional<String> timeLimit,
    Map<String, String> env) {

  public JobRequest {
    env = Map.copyOf(env);
  }
}
