package io.pcagent.runner;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One durable unit of long work, as the run store keeps it.
 *
 * @param parameters what was asked, as JSON
 * @param result what came of it, as JSON (a smoke test's per-node verdicts)
 */
public record Run(
    String id,
    RunKind kind,
    RunState state,
    String parameters,
    OptionalLong slurmJobId,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> finishedAt,
    Optional<String> result,
    Optional<String> error) {}
