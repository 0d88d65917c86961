package io.pcagent.config;

import io.pcagent.collect.CollectConfig;

/** The agent's whole configuration. Defaults, keys and their meaning: docs/configuration.md. */
public record AgentConfig(SlurmConfig slurm, HttpConfig http, CollectConfig collect, HealthConfig health, RunsConfig runs,
    AuthConfig auth, JobsConfig jobs) {}
