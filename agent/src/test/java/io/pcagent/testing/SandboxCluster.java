package io.pcagent.testing;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import io.pcagent.sandbox.Sandbox;
import io.pcagent.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Slurm cluster that integration tests share: 3 static and 2 dynamic nodes under target/it-sandbox,
 * started once per test run by {@link SandboxExtension} and stopped when the run ends.
 */
public final class SandboxCluster implements AutoCloseable {
  /** Short, so that a test sees dynamic nodes power down within its time. */
  public static final Duration SUSPEND_TIME = Duration.ofSeconds(10);

  private final Sandbox sandbox;
  private final SandboxSpec spec;
  private final CommandRunner runner;

  private SandboxCluster(Sandbox sandbox, SandboxSpec spec, CommandRunner runner) {
    this.sandbox = sandbox;
    this.spec = spec;
    this.runner = runner;
  }

  static SandboxCluster start(Path dir) throws InterruptedException {
    CommandRunner runner = new CommandRunner();
    Sandbox sandbox = new Sandbox(runner);
    sandbox.down(dir);
    SandboxSpec spec = new SandboxSpec(dir, 3, 2, SUSPEND_TIME, Duration.ofSeconds(90));
    sandbox.up(spec);
    return new SandboxCluster(sandbox, spec, runner);
  }

  public SandboxSpec spec() {
    return spec;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /** What a Slurm client needs to reach this cluster (SLURM_CONF). */
  public Map<String, String> environment() {
    return Sandbox.clientEnvironment(spec.dir());
  }

  /** Runs a Slurm client command against this cluster; fails the test on a non-zero exit. */
  public CommandResult run(Duration timeout, String... argv) throws CommandFailedException {
    return runner.run(Command.of(List.of(argv)).withEnvironment(environment()).withTimeout(timeout));
  }

  @Override
  public void close() {
    try {
      sandbox.down(spec.dir());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
