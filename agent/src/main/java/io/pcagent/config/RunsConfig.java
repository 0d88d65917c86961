package io.pcagent.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where runs live. {@code store}: the SQLite file the agent and the runner share (local disk of the head
 * node). {@code dir}: one folder per run (scripts, job output), which compute nodes must see: a shared file
 * system such as /home on ParallelCluster. {@code poll}: how often the runner looks for work and follows jobs.
 */
public record RunsConfig(Path store, Path dir, Duration poll) {
  public static final RunsConfig DEFAULTS = new RunsConfig(
      Path.of("/var/lib/pcluster-agent/runs.db"), Path.of("/home/pcluster-agent/runs"), Duration.ofSeconds(2));
}
