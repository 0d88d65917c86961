package io.pcagent.runner;

import io.pcagent.exec.CommandFailedException;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A kind of run the runner does itself on the head node instead of submitting a Slurm job (an image import: the
 * head node has the registry credentials and the Docker daemon, and a compute node may not even be up). Such a run
 * must be safe to start again: a runner killed during it requeues it on its next start, after {@link #abandon}.
 */
public interface LocalRunHandler {
  /** Does the run; {@code progress} lines go into its history as they come. */
  RunHandler.Outcome run(Run run, Consumer<String> progress) throws IOException, CommandFailedException, InterruptedException;

  /** Removes whatever an interrupted earlier attempt of the run left behind. */
  void abandon(Run run) throws IOException;

  /** How many runs of this kind may run at once. */
  int concurrency();
}
