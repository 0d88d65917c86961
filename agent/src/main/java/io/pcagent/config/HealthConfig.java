package io.pcagent.config;

import java.util.OptionalInt;

/** What health checks expect. {@code expectedNodes}: empty means "whatever Slurm knows" (no count check). */
public record HealthConfig(OptionalInt expectedNodes) {}
