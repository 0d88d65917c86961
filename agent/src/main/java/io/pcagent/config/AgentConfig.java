package io.pcagent.config;

import io.pcagent.collect.CollectConfig;
import io.pcagent.slurm.SlurmSettings;

/** The agent's whole configuration. Defaults, keys and their meaning: docs/configuration.md. */
public record AgentConfig(SlurmSettings slurm, HttpConfig http, CollectConfig collect, HealthConfig health, RunsConfig runs,
    AuthConfig auth, JobsConfig jobs) {}
