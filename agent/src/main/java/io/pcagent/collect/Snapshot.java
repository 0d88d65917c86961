package io.pcagent.collect;

import java.util.Optional;

/**
 * The last good value of a source (kept when later refreshes fail) and the source's status. Readers never
 * wait for Slurm: they get the snapshot as it is.
 */
public record Snapshot<T>(Optional<T> value, SourceStatus status) {
  public boolean stale() {
    return !status.up();
  }
}
