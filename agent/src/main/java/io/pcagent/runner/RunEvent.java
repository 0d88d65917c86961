package io.pcagent.runner;

import java.time.Instant;

/** One line of a run's append-only history. */
public record RunEvent(long sequence, String runId, Instant at, RunState state, String message) {}
