package io.pcagent.cli;

import io.pcagent.app.AgentRuntime;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.config.SlurmConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.health.HealthReport;
import io.pcagent.health.HealthStatus;
import io.pcagent.sandbox.Sandbox;
import io.pcagent.sandbox.SandboxSpec;
import io.pcagent.sandbox.SandboxStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded default: a local sandbox cluster, a first job across its static nodes, the agent against it,
 * then serve until Ctrl-C. The smoke test and the runner join when they land.
 */
@CommandLine.Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Start a local sandbox Slurm cluster, run a job on every static node, print the summary and keep "
        + "running until Ctrl-C (which stops the sandbox).")
public final class DevCommand implements Callable<Integer> {
  @Mixin SandboxOptions options;

  @Option(names = "--oneshot", description = "Exit (stopping the agent and the sandbox) once the summary is printed.")
  boolean oneshot;

  @Option(names = "--port", description = "Port of the agent's HTTP API (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = HttpConfig.DEFAULT_PORT;

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
    AgentRuntime agent = null;
    try {
      SandboxCommand.print(out, status);
      out.println();
      out.println("srun -N" + sandboxSpec.staticNodes() + " across the static nodes:");
      out.print(runAcrossStaticNodes(runner, sandboxSpec));
      agent = startAgent(status);
      out.println();
      HealthReport health = agent.health();
      out.println("Health: " + health.status().label());
      health.checks().forEach(check -> out.printf("  %-20s %-9s %s%n", check.name(), check.status().label(), check.detail()));
      String base = "http://127.0.0.1:" + agent.port();
      out.println();
      out.println("Agent:   " + base + "/v1/health  " + base + "/v1/nodes  " + base + "/v1/jobs  " + base + "/metrics");
      out.println("Slurm:   export SLURM_CONF=" + status.slurmConf());
      out.flush();
      if (health.status() == HealthStatus.FAILING) {
        throw new PcagentException(ExitCode.FAILURE, "the sandbox cluster is not healthy");
      }
      if (!oneshot) {
        out.println("Running until Ctrl-C.");
        out.flush();
        stopped.await();
      }
    } finally {
      if (oneshot) {
        if (agent != null) {
          agent.close();
        }
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        sandbox.down(sandboxSpec.dir());
      }
    }
    return ExitCode.OK.code();
  }

  private AgentRuntime startAgent(SandboxStatus status) throws InterruptedException {
    AgentConfig config = new AgentConfig(
        new SlurmConfig(Optional.empty(), Optional.of(status.slurmConf()), Duration.ofSeconds(30), 64 * 1024 * 1024),
        HttpConfig.plain("127.0.0.1", port), CollectConfig.DEFAULTS, new HealthConfig(OptionalInt.empty()),
        new RunsConfig(status.dir().resolve("runs.db"), status.dir().resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(status.dir().resolve("token"), false));
    AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC());
    if (!agent.awaitReady(Duration.ofSeconds(30))) {
      agent.close();
      throw new PcagentException(ExitCode.UNREACHABLE, "the agent read nothing from the sandbox within 30 s");
    }
    return agent;
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
