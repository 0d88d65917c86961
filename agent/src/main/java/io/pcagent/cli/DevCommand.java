package io.pcagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.app.AgentRuntime;
import io.pcagent.app.InProcessRunner;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.FsxConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.ImagesConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.config.StorageConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.health.HealthReport;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunKind;
import io.pcagent.sandbox.Sandbox;
import io.pcagent.sandbox.SandboxLayout;
import io.pcagent.sandbox.SandboxSpec;
import io.pcagent.sandbox.SandboxStatus;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.smoke.SmokeTestRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The embedded default: a local sandbox cluster, the agent and the runner against it, one smoke test over
 * every node, then serve until Ctrl-C. With {@code --oneshot}, exit once the verdict is printed: 0 only on pass.
 */
@CommandLine.Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Start a local sandbox Slurm cluster with the agent and the runner, run a smoke test over every node, "
        + "print the verdict, health and URLs, and keep running until Ctrl-C (which stops everything).")
public final class DevCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SMOKE_TEST_WAIT = Duration.ofSeconds(180);

  @Mixin SandboxOptions options;

  @Option(names = "--oneshot", description = "Exit (stopping everything) once the verdict is printed: 0 on pass, 1 on fail.")
  boolean oneshot;

  @Option(names = "--port", description = "Port of the agent's HTTP API (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = HttpConfig.DEFAULT_PORT;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException, IOException, SQLException {
    PrintWriter out = spec.commandLine().getOut();
    Sandbox sandbox = new Sandbox(new CommandRunner());
    SandboxSpec sandboxSpec = options.spec();
    long started = System.nanoTime();
    SandboxStatus status = sandbox.up(sandboxSpec);
    Duration sandboxUp = Duration.ofNanos(System.nanoTime() - started);
    AgentConfig config = devConfig(status, sandboxSpec);
    AgentRuntime agent = null;
    InProcessRunner runner = null;
    CountDownLatch stopped = new CountDownLatch(1);
    Thread stopOnExit = new Thread(() -> {
      stopQuietly(sandbox, sandboxSpec);
      stopped.countDown();
    }, "dev-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      SandboxCommand.print(out, status);
      out.println();
      out.println("srun -N" + sandboxSpec.staticNodes() + " across the static nodes:");
      out.print(runAcrossStaticNodes(sandboxSpec, status));
      agent = AgentRuntime.start(config, Clock.systemUTC());
      if (!agent.awaitReady(Duration.ofSeconds(30))) {
        throw new PcagentException(ExitCode.UNREACHABLE, "the agent read nothing from the sandbox within 30 s");
      }
      runner = InProcessRunner.start(config, Clock.systemUTC());
      long smokeStarted = System.nanoTime();
      Run smokeTest = smokeTest(agent, status, out);
      Duration smoke = Duration.ofNanos(System.nanoTime() - smokeStarted);
      printSummary(out, agent, smokeTest, config, status);
      out.printf("Times:   sandbox up %.1f s, smoke test %.1f s%n", sandboxUp.toMillis() / 1000.0, smoke.toMillis() / 1000.0);
      out.flush();
      boolean passed = smokeTest.result().map(r -> r.contains("\"verdict\":\"pass\"")).orElse(false);
      if (oneshot) {
        return passed ? ExitCode.OK.code() : ExitCode.FAILURE.code();
      }
      out.println("Running until Ctrl-C.");
      out.flush();
      stopped.await();
      return ExitCode.OK.code();
    } finally {
      if (oneshot) {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        if (runner != null) {
          runner.close();
        }
        if (agent != null) {
          agent.close();
        }
        sandbox.down(sandboxSpec.dir());
      }
    }
  }

  /**
   * The agent as a ParallelCluster head node runs it: Slurm from opt/slurm/bin, the run store and token on the head
   * node's own disk, run folders (which compute nodes must read) on the shared home, the sandbox's job user.
   */
  private AgentConfig devConfig(SandboxStatus status, SandboxSpec sandboxSpec) {
    SandboxLayout layout = status.layout();
    return new AgentConfig(
        new SlurmSettings(status.slurmBinDir(), Optional.of(status.slurmConf()), Duration.ofSeconds(30), 64 * 1024 * 1024),
        HttpConfig.plain("127.0.0.1", port), CollectConfig.DEFAULTS,
        new HealthConfig(OptionalInt.of(sandboxSpec.staticNodes())),
        new RunsConfig(layout.head().resolve("runs.db"), layout.sharedHome().resolve("pcluster-agent").resolve("runs"),
            Duration.ofSeconds(1)),
        new AuthConfig(layout.head().resolve("token"), false),
        new JobsConfig(sandboxSpec.jobUser(), JobsConfig.DEFAULTS.maxScriptBytes()),
        sandboxStorage(layout, Duration.ofSeconds(10)), FsxConfig.NONE, sandboxImages(layout));
  }

  /**
   * Images on the sandbox's shared fsx, as /fsx/enroot/images on a cluster; enroot's work folders on the head node's own
   * disk; HTTP allowed, since the sandbox's local registry speaks plain HTTP on 127.0.0.1.
   */
  public static ImagesConfig sandboxImages(SandboxLayout layout) {
    return ImagesConfig.DEFAULTS.withDirs(layout.sharedFsx().resolve("enroot").resolve("images"), layout.head().resolve("enroot"))
        .withEnvironment(Map.of("ENROOT_ALLOW_HTTP", "yes"));
  }

  /** The sandbox's shared home and fsx: FUSE mounts, as the head node's /home and /fsx are NFS and Lustre ones. */
  static StorageConfig sandboxStorage(SandboxLayout layout, Duration cadence) {
    Map<Path, String> mounts = new LinkedHashMap<>();
    mounts.put(layout.sharedHome(), "fuse");
    mounts.put(layout.sharedFsx(), "fuse");
    return new StorageConfig(mounts, Optional.empty(), cadence, Duration.ofSeconds(10), 85, 95);
  }

  /** Queues a smoke test as the API would, and waits for the runner to finish it. */
  private static Run smokeTest(AgentRuntime agent, SandboxStatus status, PrintWriter out)
      throws IOException, SQLException, InterruptedException {
    SmokeTestRequest request = new SmokeTestRequest(List.of(), List.of(), 2, 120,
        List.of(status.layout().sharedHome().toString(), status.layout().sharedFsx().toString()), false, null);
    Run run = agent.store().insert(RunKind.SMOKE_TEST, JSON.writeValueAsString(request));
    out.println();
    out.println("Smoke test " + run.id() + " over every node:");
    out.flush();
    long deadline = System.nanoTime() + SMOKE_TEST_WAIT.toNanos();
    while (!run.state().isFinal()) {
      if (System.nanoTime() > deadline) {
        throw new PcagentException(ExitCode.FAILURE, "smoke test " + run.id() + " still " + run.state().label()
            + " after " + SMOKE_TEST_WAIT.toSeconds() + " s");
      }
      Thread.sleep(500);
      run = agent.store().find(run.id()).orElseThrow();
    }
    return run;
  }

  private static void printSummary(PrintWriter out, AgentRuntime agent, Run smokeTest, AgentConfig config, SandboxStatus status)
      throws IOException, InterruptedException {
    JsonNode result = JSON.readTree(smokeTest.result().orElse("{}"));
    out.println("  verdict: " + result.path("verdict").asText(smokeTest.state().label())
        + smokeTest.error().map(e -> " (" + e + ")").orElse(""));
    for (JsonNode node : result.path("nodes")) {
      out.printf("  %-8s %-36s %s%n", node.path("result").asText(), node.path("node").asText(), node.path("detail").asText());
    }
    out.println();
    HealthReport health = agent.healthNow();
    out.println("Health: " + health.status().label());
    health.checks().forEach(check -> out.printf("  %-20s %-9s %s%n", check.name(), check.status().label(), check.detail()));
    String base = "http://127.0.0.1:" + agent.port();
    out.println();
    out.println("Agent:   " + base + "/v1/health  " + base + "/v1/nodes  " + base + "/v1/smoke-tests  " + base + "/metrics");
    out.println("Token:   " + config.auth().tokenFile() + " (Authorization: Bearer ...)");
    out.println("Slurm:   export SLURM_CONF=" + status.slurmConf() + " PATH=" + status.slurmBinDir() + ":$PATH");
    status.containerImage().ifPresent(image -> {
      out.println("Image:   srun -N2 --container-image='" + image
          + "' sh -c 'echo $SLURMD_NODENAME'   (a busybox image in the sandbox's local registry, through Pyxis)");
      out.println("Import:  curl -X POST -H \"Authorization: Bearer $(cat " + config.auth().tokenFile() + ")\" " + base
          + "/v1/images -d '{\"source\":\"" + image + "\",\"name\":\"busybox\"}'   (into " + config.images().dir() + ")");
    });
    out.flush();
  }

  private static String runAcrossStaticNodes(SandboxSpec sandboxSpec, SandboxStatus status) throws InterruptedException {
    Command srun = Command.of(status.slurmBinDir().resolve("srun").toString(), "-N" + sandboxSpec.staticNodes(), "--ntasks-per-node=1",
            "--partition=" + SandboxSpec.PARTITION, "--nodelist=" + String.join(",", sandboxSpec.staticNodeNames()),
            "bash", "-c", "echo \"$SLURMD_NODENAME rank $SLURM_PROCID\"")
        .withEnvironment(Sandbox.clientEnvironment(sandboxSpec.dir()))
        .withTimeout(Duration.ofSeconds(60));
    try {
      return new CommandRunner().run(srun).stdout();
    } catch (CommandFailedException e) {
      throw new PcagentException(ExitCode.FAILURE, "the first job did not run: " + e.getMessage());
    }
  }

  private static void stopQuietly(Sandbox sandbox, SandboxSpec sandboxSpec) {
    try {
      sandbox.down(sandboxSpec.dir());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
