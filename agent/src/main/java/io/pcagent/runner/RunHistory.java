package io.pcagent.runner;

import java.util.List;

/** A run and its events as of one moment of the store: never an event the run's own state has not reached. */
public record RunHistory(Run run, List<RunEvent> events) {
  public RunHistory {
    events = List.copyOf(events);
  }
}
