package io.pcagent.cli;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.sandbox.Sandbox;
import io.pcagent.sandbox.SandboxSpec;
import io.pcagent.sandbox.SandboxStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The embedded default: a local sandbox cluster, a first job across all its static nodes, then serve until Ctrl-C. */
@CommandLine.Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Start a local sandbox Slurm cluster, run a job on every static node, print the summary and keep "
        + "running until Ctrl-C (which stops the sandbox).")
public final class DevCommand implements Callable<Integer> {
  @Mixin SandboxOptions options;

  @Option(names = "--oneshot", description = "Exit (stopping the sandbox) once the summary is printed.")
  boolean oneshot;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    CommandRunner runner = new CommandRunner();
    Sandbox sandbox = new Sandbox(runner);
    SandboxSpec sandboxSpec = options.spec();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread stopOnExit = new Thread(() -> stopQuietly(sandbox, sandboxSpec, stopped), "sandbox-down");
    SandboxStatus status = sandbox.up(sandboxSpec);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      SandboxCommand.print(out, status);
      out.println();
      out.println("srun -N" + sandboxSpec.staticNodes() + " hostname:");
      out.print(runAcrossStaticNodes(runner, sandboxSpec));
      out.println();
      out.println("Use the sandbox from a shell: export SLURM_CONF=" + status.slurmConf());
      out.flush();
      if (!oneshot) {
        out.println("Running until Ctrl-C.");
        out.flush();
        stopped.await();
      }
    } finally {
      if (oneshot) {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        sandbox.down(sandboxSpec.dir());
      }
    }
    return ExitCode.OK.code();
  }

  private static String runAcrossStaticNodes(CommandRunner runner, SandboxSpec sandboxSpec) throws InterruptedException {
    Command srun = Command.of("srun", "-N" + sandboxSpec.staticNodes(), "--ntasks-per-node=1",
            "--partition=" + SandboxSpec.PARTITION, "--nodelist=" + String.join(",", sandboxSpec.staticNodeNames()),
            "bash", "-c", "echo \"$SLURMD_NODENAME rank $SLURM_PROCID\"")
        .withEnvironment(Sandbox.clientEnvironment(sandboxSpec.dir()))
        .withTimeout(Duration.ofSeconds(60));
    try {
      return runner.run(srun).stdout();
    } catch (CommandFailedException e) {
      throw new PcagentException(ExitCode.FAILURE, "the first job did not run: " + e.getMessage());
    }
  }

  private static void stopQuietly(Sandbox sandbox, SandboxSpec sandboxSpec, CountDownLatch stopped) {
    try {
      sandbox.down(sandboxSpec.dir());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }
}
