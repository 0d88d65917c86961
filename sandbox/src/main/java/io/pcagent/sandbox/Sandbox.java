package io.pcagent.sandbox;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Slurm cluster on this host, shaped like ParallelCluster, everything under one folder: a private munged,
 * slurmctld, the shared file systems (FUSE), one slurmd per static node, each in a mount namespace of its own (a
 * compute node is another machine: see node-boot.sh) and, for dynamic nodes, a launcher that plays the EC2 fleet.
 * Daemons are tracked strictly by pid file and command line; {@link #down} stops only those.
 */
public final class Sandbox {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  private static final Duration DAEMON_START = Duration.ofSeconds(15);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(250);

  private final CommandRunner runner;
  private final SlurmBinaries binaries;
  private final String hostname;
  private final SharedStorage storage;
  private final LocalRegistry registry;

  public Sandbox(CommandRunner runner) {
    this(runner, SlurmBinaries.fromEnvironment(), Hostnames.shortHostname());
  }

  Sandbox(CommandRunner runner, SlurmBinaries binaries, String hostname) {
    this.runner = runner;
    this.binaries = binaries;
    this.hostname = hostname;
    this.storage = new SharedStorage(runner);
    this.registry = new LocalRegistry(runner, binaries);
  }

  /** Environment a Slurm client needs to talk to the sandbox in {@code dir}. */
  public static Map<String, String> clientEnvironment(Path dir) {
    return Map.of("SLURM_CONF", new SandboxLayout(dir.toAbsolutePath().normalize()).slurmConf().toString());
  }

  public SandboxStatus up(SandboxSpec spec) throws InterruptedException {
    SandboxLayout layout = spec.layout();
    List<String> running = ownLiveDaemons(layout);
    if (!running.isEmpty()) {
      throw new PcagentException(ExitCode.FAILURE, "a sandbox is already running in " + layout.dir() + " ("
          + String.join(", ", running) + "); stop it first with: pcluster-agent sandbox down --dir " + layout.dir());
    }
    JobUser jobUser;
    try {
      SandboxFiles.prepare(spec, binaries, hostname);
      jobUser = new HeadJobUser(runner).ensure(spec.jobUser(), layout.bin().resolve(NodeBoot.JOB_USER_STEP));
      NodeBoot.write(layout, jobUser);
    } catch (IOException e) {
      ExitCode code = e instanceof SandboxSetupException ? ExitCode.USAGE : ExitCode.FAILURE;
      throw new PcagentException(code, "cannot prepare " + layout.dir() + ": " + e.getMessage(), e);
    }
    try {
      startDaemons(spec);
      awaitNodesReady(spec);
      registry.startIfInstalled(layout);
    } catch (RuntimeException | InterruptedException e) {
      LOG.debug("sandbox start failed, stopping what was started", e);
      down(layout.dir());
      throw e;
    }
    LOG.info("sandbox up in {}: {} static and {} dynamic nodes, job user {} ({}:{})", layout.dir(), spec.staticNodes(),
        spec.dynamicNodes(), jobUser.name(), jobUser.uid(), jobUser.gid());
    return status(layout.dir());
  }

  /** Stops every daemon this sandbox started, jobs first. Returns what was stopped, by name. */
  public List<String> down(Path dir) throws InterruptedException {
    SandboxLayout layout = new SandboxLayout(dir.toAbsolutePath().normalize());
    if (Daemons.ownLivePid(layout.slurmctldPidFile(), layout.dir()).isPresent()) {
      cancelAllJobs(layout);
    }
    List<String> stopped = new ArrayList<>();
    for (Map.Entry<String, Path> daemon : stopOrder(layout).entrySet()) {
      OptionalLong pid = Daemons.ownLivePid(daemon.getValue(), layout.dir());
      if (pid.isPresent()) {
        Daemons.stop(pid.getAsLong(), STOP_GRACE);
        stopped.add(daemon.getKey() + " (pid " + pid.getAsLong() + ")");
      }
    }
    for (ProcessHandle step : Daemons.strayStepDaemons(layout.dir())) {
      step.descendants().forEach(ProcessHandle::destroyForcibly);
      step.destroyForcibly();
      stopped.add("slurmstepd (pid " + step.pid() + ")");
    }
    stopped.addAll(storage.unmountAll(layout, STOP_GRACE));
    try {
      SandboxFiles.unlinkSpool(layout);
    } catch (IOException e) {
      LOG.warn("could not remove the spool link {}: {}", layout.spoolLink(), e.getMessage());
    }
    if (!stopped.isEmpty()) {
      LOG.info("sandbox in {} stopped: {}", layout.dir(), String.join(", ", stopped));
    }
    return stopped;
  }

  public SandboxStatus status(Path dir) {
    SandboxLayout layout = new SandboxLayout(dir.toAbsolutePath().normalize());
    Map<String, OptionalLong> daemons = new LinkedHashMap<>();
    List<String> nodes = new ArrayList<>();
    SandboxFiles.readSpec(layout.dir()).ifPresent(spec -> {
      daemons.put("munged", Daemons.ownLivePid(layout.mungePidFile(), layout.dir()));
      daemons.put("slurmctld", Daemons.ownLivePid(layout.slurmctldPidFile(), layout.dir()));
      for (SharedMount mount : layout.sharedMounts()) {
        daemons.put("bindfs " + mount.name(), Daemons.ownLivePid(layout.bindfsPidFile(mount.name()), layout.dir()));
      }
      for (String node : spec.staticNodeNames()) {
        daemons.put("slurmd " + node, Daemons.ownLivePid(layout.slurmdPidFile(node), layout.dir()));
      }
      if (spec.dynamicNodes() > 0) {
        daemons.put("launcher", Daemons.ownLivePid(layout.launcherPidFile(), layout.dir()));
      }
      if (Files.exists(layout.registryPidFile())) {
        daemons.put("registry", Daemons.ownLivePid(layout.registryPidFile(), layout.dir()));
      }
      nodes.addAll(SandboxFiles.allNodes(spec));
    });
    String sinfo;
    if (daemons.getOrDefault("slurmctld", OptionalLong.empty()).isPresent()) {
      sinfo = sinfo(layout);
    } else {
      sinfo = "slurmctld is not running";
    }
    return new SandboxStatus(layout.dir(), layout.slurmConf(), daemons, nodes, sinfo, NodeNamespaces.of(layout, nodes),
        registry.describe(layout));
  }

  /**
   * Starts slurmctld again after it died (tests kill it to see the agent notice), and waits until every
   * static node responds again. It recovers jobs and nodes from its state folder.
   */
  public void restartController(SandboxSpec spec) throws InterruptedException {
    SandboxLayout layout = spec.layout();
    if (Daemons.ownLivePid(layout.slurmctldPidFile(), layout.dir()).isPresent()) {
      throw new PcagentException(ExitCode.FAILURE, "slurmctld is running in " + layout.dir());
    }
    startDaemon("slurmctld", layout.slurmctldPidFile(), layout.slurmctldLog(), slurmctld(layout), layout);
    awaitNodes(spec, SinfoNodes::responding);
  }

  /** Starts a static node's slurmd again after it died (tests kill it), and waits until the node responds. */
  public void restartNode(SandboxSpec spec, String node) throws InterruptedException {
    SandboxLayout layout = spec.layout();
    startDaemon("slurmd " + node, layout.slurmdPidFile(node), layout.slurmdLog(node), NodeBoot.argv(layout, node), layout);
    awaitNodes(spec, SinfoNodes::responding);
  }

  private static List<String> slurmctld(SandboxLayout layout) {
    return List.of(layout.slurmSbin().resolve("slurmctld").toString(), "-f", layout.slurmConf().toString());
  }

  private void startDaemons(SandboxSpec spec) throws InterruptedException {
    SandboxLayout layout = spec.layout();
    startDaemon("munged", layout.mungePidFile(), layout.mungeLog(), List.of(
        binaries.find("munged").toString(),
        "--socket=" + layout.mungeSocket(),
        "--key-file=" + layout.mungeKey(),
        "--pid-file=" + layout.mungePidFile(),
        "--log-file=" + layout.mungeLog(),
        "--seed-file=" + layout.mungeKeyDir().resolve("munged.seed")), layout);
    startDaemon("slurmctld", layout.slurmctldPidFile(), layout.slurmctldLog(), slurmctld(layout), layout);
    // Before any node boots: a node's namespace starts with a copy of the mounts the host has then.
    storage.mountAll(layout, binaries.find("bindfs", "bindfs"));
    for (String node : spec.staticNodeNames()) {
      startDaemon("slurmd " + node, layout.slurmdPidFile(node), layout.slurmdLog(node), NodeBoot.argv(layout, node), layout);
    }
    if (spec.dynamicNodes() > 0) {
      startDaemon("launcher", layout.launcherPidFile(), layout.launcherLog(),
          List.of("setsid", "-f", "bash", layout.bin().resolve(PowerScripts.LAUNCHER).toString()), layout);
    }
  }

  private void startDaemon(String name, Path pidFile, Path log, List<String> argv, SandboxLayout layout)
      throws InterruptedException {
    Command command = Command.of(argv).withEnvironment(clientEnvironment(layout.dir())).withTimeout(DAEMON_START);
    try {
      runner.run(command);
    } catch (CommandFailedException e) {
      throw new PcagentException(ExitCode.FAILURE, name + " did not start: " + e.getMessage() + "; see " + log, e);
    }
    if (Daemons.awaitPidFile(pidFile, layout.dir(), DAEMON_START).isEmpty()) {
      throw new PcagentException(ExitCode.FAILURE, name + " exited right after starting; see " + log);
    }
    LOG.debug("{} started", name);
  }

  private void awaitNodesReady(SandboxSpec spec) throws InterruptedException {
    awaitNodes(spec, SinfoNodes::ready);
  }

  private void awaitNodes(SandboxSpec spec, BiPredicate<SinfoNodes, SandboxSpec> condition)
      throws InterruptedException {
    SandboxLayout layout = spec.layout();
    long deadline = System.nanoTime() + spec.startTimeout().toNanos();
    SinfoNodes nodes = SinfoNodes.EMPTY;
    String lastError = "";
    while (System.nanoTime() < deadline) {
      SinfoResult result = sinfoNodes(layout);
      if (result.nodes() != null) {
        nodes = result.nodes();
        if (condition.test(nodes, spec)) {
          return;
        }
      } else {
        lastError = result.error();
      }
      Thread.sleep(POLL.toMillis());
    }
    List<String> notReady = nodes.notReady(spec);
    if (nodes.isEmpty()) {
      throw new PcagentException(ExitCode.FAILURE, "slurmctld did not answer within " + spec.startTimeout().toSeconds()
          + " s (" + lastError + "); see " + layout.slurmctldLog());
    }
    List<String> logs = notReady.stream().map(n -> n.split(" ")[0])
        .filter(spec.staticNodeNames()::contains).map(n -> layout.slurmdLog(n).toString()).toList();
    throw new PcagentException(ExitCode.FAILURE, "nodes not ready after " + spec.startTimeout().toSeconds() + " s: "
        + String.join(", ", notReady) + "; see " + String.join(", ", logs.isEmpty() ? List.of(layout.slurmctldLog().toString()) : logs));
  }

  private record SinfoResult(SinfoNodes nodes, String error) {}

  private SinfoResult sinfoNodes(SandboxLayout layout) throws InterruptedException {
    try {
      String out = runner.run(sinfoCommand(layout, "-h", "-N", "-o", "%N %t")).stdout();
      return new SinfoResult(SinfoNodes.parse(out), "");
    } catch (CommandFailedException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      return new SinfoResult(null, e.getMessage());
    }
  }

  private String sinfo(SandboxLayout layout) {
    try {
      return runner.run(sinfoCommand(layout)).stdout();
    } catch (CommandFailedException e) {
      return "sinfo failed: " + e.getMessage();
    }
  }

  private Command sinfoCommand(SandboxLayout layout, String... args) {
    return slurmCommand(layout, "sinfo", args);
  }

  private Command slurmCommand(SandboxLayout layout, String program, String... args) {
    List<String> argv = new ArrayList<>(List.of(layout.slurmBin().resolve(program).toString()));
    argv.addAll(List.of(args));
    return Command.of(argv).withEnvironment(clientEnvironment(layout.dir())).withTimeout(Duration.ofSeconds(10));
  }

  /** Jobs left running would leave slurmstepd and their tasks behind once slurmd is gone. */
  private void cancelAllJobs(SandboxLayout layout) throws InterruptedException {
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    try {
      runner.runAllowingFailure(slurmCommand(layout, "scancel", "--full", "--partition=" + SandboxSpec.PARTITION));
      while (System.nanoTime() < deadline
          && !runner.run(slurmCommand(layout, "squeue", "-h", "-o", "%i")).stdout().isBlank()) {
        Thread.sleep(POLL.toMillis());
      }
    } catch (CommandFailedException e) {
      LOG.warn("could not cancel the sandbox's jobs before stopping it: {}", e.getMessage());
    }
  }

  /** Launcher first (it would start slurmd again), munged last (the others need it to shut down cleanly). */
  private static Map<String, Path> stopOrder(SandboxLayout layout) {
    Map<String, Path> order = new LinkedHashMap<>();
    order.put("launcher", layout.launcherPidFile());
    try (Stream<Path> files = Files.list(layout.run())) {
      files.filter(f -> f.getFileName().toString().startsWith("slurmd-")).sorted()
          .forEach(f -> order.put(f.getFileName().toString().replaceFirst("\\.pid$", ""), f));
    } catch (IOException e) {
      LOG.debug("no run folder in {}", layout.dir());
    }
    order.put("slurmctld", layout.slurmctldPidFile());
    order.put("registry", layout.registryPidFile());
    order.put("munged", layout.mungePidFile());
    return order;
  }

  private List<String> ownLiveDaemons(SandboxLayout layout) {
    List<String> live = new ArrayList<>();
    Map<String, Path> daemons = stopOrder(layout);
    layout.sharedMounts().forEach(mount -> daemons.put("bindfs " + mount.name(), layout.bindfsPidFile(mount.name())));
    daemons.forEach((name, pidFile) ->
        Daemons.ownLivePid(pidFile, layout.dir()).ifPresent(pid -> live.add(name + " pid " + pid)));
    return live;
  }
}
