package io.pcagent.config;

/** The agent's whole configuration. Defaults, keys and their meaning: docs/configuration.md. */
public record AgentConfig(SlurmConfig slurm, HttpConfig http) {}
