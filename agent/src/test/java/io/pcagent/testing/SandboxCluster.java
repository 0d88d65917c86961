package io.pcagent.testing;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import io.pcagent.sandbox.Sandbox;
import io.pcagent.sandbox.SandboxLayout;
import io.pcagent.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  public SandboxLayout layout() {
    return spec.layout();
  }

  /** The sandbox's opt/slurm/bin: what the agent's slurm.binDir names, as on ParallelCluster. */
  public Path slurmBinDir() {
    return layout().slurmBin();
  }

  /** The agent's own state (run store, token) on the head node's disk: no compute node sees it. */
  public Path agentState() {
    return layout().head().resolve("agent");
  }

  /** The agent's run folders, on the shared home as on a real cluster (postinstall/agent.yaml): every node sees them. */
  public Path runsDir() {
    return layout().sharedHome().resolve("pcluster-agent").resolve("runs");
  }

  /** Runs a Slurm program of the sandbox's opt/slurm/bin; fails the test on a non-zero exit. */
  public CommandResult slurm(Duration timeout, String program, String... args) throws CommandFailedException {
    List<String> argv = new ArrayList<>(List.of(slurmBinDir().resolve(program).toString()));
    argv.addAll(List.of(args));
    return run(timeout, argv.toArray(String[]::new));
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
