package io.pcagent.config;

import io.pcagent.collect.CollectConfig;
import io.pcagent.slurm.SlurmSettings;

/** The agent's whole configuration. Defaults, keys and their meaning: docs/configuration.md. */
public record AgentConfig(SlurmSettings slurm, HttpConfig http, CollectConfig collect, HealthConfig health, RunsConfig runs,
    AuthConfig auth, JobsConfig jobs, StorageConfig storage, FsxConfig fsx, ImagesConfig images) {
  /** With the default images folder. */
  public AgentConfig(SlurmSettings slurm, HttpConfig http, CollectConfig collect, HealthConfig health, RunsConfig runs,
      AuthConfig auth, JobsConfig jobs, StorageConfig storage, FsxConfig fsx) {
    this(slurm, http, collect, health, runs, auth, jobs, storage, fsx, ImagesConfig.DEFAULTS);
  }

  /** Without FSx (an agent off AWS: the sandbox, tests). */
  public AgentConfig(SlurmSettings slurm, HttpConfig http, CollectConfig collect, HealthConfig health, RunsConfig runs,
      AuthConfig auth, JobsConfig jobs, StorageConfig storage) {
    this(slurm, http, collect, health, runs, auth, jobs, storage, FsxConfig.NONE);
  }

  /** Without storage checks or FSx (an agent that serves no head node's file systems: tests, benchmarks). */
  public AgentConfig(SlurmSettings slurm, HttpConfig http, CollectConfig collect, HealthConfig health, RunsConfig runs,
      AuthConfig auth, JobsConfig jobs) {
    this(slurm, http, collect, health, runs, auth, jobs, StorageConfig.NONE, FsxConfig.NONE);
  }
}
