package io.pcagent.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The Slurm cluster of containers/slurm (munged, slurmctld, one slurmd per node) in one container started with
 * Testcontainers, on the host's network. Two kinds of clients: this host's own Slurm commands ({@link #slurmConf()},
 * for the release the host has: they authenticate through the container's munged, whose socket folder is bound to a
 * folder of this host), or the container's own commands through {@link #binDir()}, so that what the agent reads is
 * exactly what that release prints. A shared folder is bound at the same path on both sides, as FSx is on every node
 * of a ParallelCluster. Tests that use it carry {@link RequiresContainerEngine}.
 */
public final class SlurmContainer implements AutoCloseable {
  /**
   * The base image containers/slurm/Dockerfile is built FROM, {@code {suite}} standing for the release's Debian suite;
   * scripts/container-engine.sh makes the default ones (with Docker: {@code debian:{suite}}).
   */
  public static final String BASE_IMAGE_VARIABLE = "PCAGENT_SLURM_BASE_IMAGE";
  public static final String DEFAULT_BASE_IMAGE = "localhost/debian:{suite}-min";
  public static final int NODES = 3;
  /** The commands of the release the agent runs, wrapped in {@link #binDir()}. */
  static final List<String> COMMANDS = List.of("scontrol", "squeue", "sinfo", "sdiag", "sbatch", "srun", "scancel", "salloc");
  private static final Duration STARTUP = Duration.ofSeconds(180);

  /** A Slurm release the matrix runs: Debian's slurm-wlm in one suite. */
  public enum Release {
    /** Debian 12's, the sandbox's. */
    SLURM_22_05("bookworm", "22.05"),
    /** What ParallelCluster 3.14 ships. */
    SLURM_24_11("trixie", "24.11"),
    /** Newer than any ParallelCluster today. */
    SLURM_26_05("sid", "26.05");

    private final String suite;
    private final String version;

    Release(String suite, String version) {
      this.suite = suite;
      this.version = version;
    }

    /** Slurm's own metrics (MetricsType=metrics/openmetrics) came with 25.11 (https://slurm.schedmd.com/metrics.html). */
    public boolean servesMetrics() {
      String[] parts = version.split("\\.");
      return Integer.parseInt(parts[0]) * 100 + Integer.parseInt(parts[1]) >= 2511;
    }

    public String suite() {
      return suite;
    }

    /** major.minor, as the fixtures' folders are named. */
    public String version() {
      return version;
    }

    @Override
    public String toString() {
      return "Slurm " + version + " (" + suite + ")";
    }
  }

  /**
   * What the cluster has (start-slurm.sh's environment).
   *
   * @param staticNodes compute-gpu-st-distributed-ml-N, always up
   * @param cloudNodes compute-gpu-dy-distributed-ml-N, powered down until a job needs them
   * @param gpus GPUs as GRES: gpu:h100:2,gpu:a100:2 on the first static node, gpu:h100:2 on every other node
   * @param suspendTime how long a dynamic node stays idle before it is powered down
   * @param bootTime how long a reboot or a power-up takes (at least 2 s)
   */
  public record Shape(int staticNodes, int cloudNodes, boolean gpus, Duration suspendTime, Duration bootTime) {
    public static final Shape PLAIN = new Shape(NODES, 0, false, Duration.ofSeconds(30), Duration.ofSeconds(2));
  }

  private final GenericContainer<?> container;
  private final Shape shape;
  private final Path slurmConf;
  private final Path shared;
  private final Path binDir;
  private final int controllerPort;

  private SlurmContainer(GenericContainer<?> container, Shape shape, Path slurmConf, Path shared, Path binDir, int controllerPort) {
    this.container = container;
    this.controllerPort = controllerPort;
    this.shape = shape;
    this.slurmConf = slurmConf;
    this.shared = shared;
    this.binDir = binDir;
  }

  /** Slurm 22.05 with three plain static nodes, for this host's own Slurm commands. */
  public static SlurmContainer start(Path repository, Path workDir) throws IOException {
    return start(repository, workDir, Release.SLURM_22_05, Shape.PLAIN);
  }

  /** Builds the release's image from the repository's Dockerfile (cached by the engine) and starts the cluster. */
  public static SlurmContainer start(Path repository, Path workDir, Release release, Shape shape) throws IOException {
    Path mungeDir = Files.createDirectories(workDir.resolve("munge"));
    Path shared = Files.createDirectories(workDir.resolve("shared"));
    String base = Optional.ofNullable(System.getenv(BASE_IMAGE_VARIABLE)).orElse(DEFAULT_BASE_IMAGE).replace("{suite}", release.suite());
    ImageFromDockerfile image = new ImageFromDockerfile("localhost/pcagent-slurm-it:" + release.suite(), false)
        .withFileFromPath(".", repository.resolve("containers/slurm"))
        .withBuildArg("BASE", base)
        .withBuildImageCmdModifier(build -> build.withNetworkMode("host").withPull(false));
    int controllerPort = freePortRun(shape.staticNodes() + shape.cloudNodes() + 1);
    GenericContainer<?> container = new GenericContainer<>(image)
        .withNetworkMode("host")
        // mknod for the GPUs' device files, and the time namespaces a reboot or a power-up starts slurmd in
        .withPrivilegedMode(shape.gpus() || shape.cloudNodes() > 0)
        .withEnv("SLURMCTLD_PORT", Integer.toString(controllerPort))
        .withEnv("SLURMD_BASE_PORT", Integer.toString(controllerPort + 1))
        .withEnv("SLURM_NODES", Integer.toString(shape.staticNodes()))
        .withEnv("SLURM_CLOUD_NODES", Integer.toString(shape.cloudNodes()))
        .withEnv("SLURM_GPUS", shape.gpus() ? "1" : "0")
        .withEnv("SLURM_SUSPEND_TIME", Long.toString(shape.suspendTime().toSeconds()))
        .withEnv("SLURM_BOOT_SECONDS", Long.toString(shape.bootTime().toSeconds()))
        .withFileSystemBind(mungeDir.toString(), "/run/munge", BindMode.READ_WRITE)
        .withFileSystemBind(shared.toString(), shared.toString(), BindMode.READ_WRITE)
        .waitingFor(Wait.forLogMessage(".*slurm cluster ready.*", 1).withStartupTimeout(STARTUP));
    container.start();
    Path conf = workDir.resolve("slurm.conf");
    container.copyFileFromContainer("/etc/slurm/slurm.conf", conf.toString());
    Files.writeString(conf, Files.readString(conf).replace("AuthInfo=socket=/run/munge/", "AuthInfo=socket=" + mungeDir + "/"));
    Path binDir = writeCommands(shared.resolve("slurm-bin"), container.getContainerInfo().getState().getPidLong(), shared);
    return new SlurmContainer(container, shape, conf, shared, binDir, controllerPort);
  }

  /**
   * The release's own commands, one script each, on the shared folder as /opt/slurm/bin is on every node of a
   * ParallelCluster: on this host each enters the container's mount namespace (nsenter, as root) and runs the
   * container's program, in the caller's folder when the container sees it; in the container (a job's srun) each is
   * the program itself.
   */
  private static Path writeCommands(Path dir, long containerPid, Path shared) throws IOException {
    Files.createDirectories(dir);
    for (String command : COMMANDS) {
      Path script = dir.resolve(command);
      Files.writeString(script, String.join("\n",
          "#!/bin/sh",
          "# " + command + " of the Slurm container (SlurmContainer): written by the test, not a product file",
          "if [ -d /opt/pcagent-slurm ]; then exec /usr/bin/" + command + " \"$@\"; fi",
          "case \"$PWD/\" in " + shared + "/*) wd=$PWD ;; *) wd=/ ;; esac",
          "unset SLURM_CONF",
          // nsenter's --wd opens the folder before it enters: cd once inside, so that getcwd (sbatch) resolves there
          "exec nsenter --target " + containerPid + " --mount -- /bin/sh -c 'cd \"$1\" && shift && exec \"$@\"' sh \"$wd\" /usr/bin/"
              + command + " \"$@\"",
          ""));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return dir;
  }

  /** The slurm.conf a client on this host uses (SLURM_CONF): the container's, with the munge socket as seen here. */
  public Path slurmConf() {
    return slurmConf;
  }

  /** The folder of the release's own commands (the agent's slurm.binDir, without a slurm.conf). */
  public Path binDir() {
    return binDir;
  }

  /** slurmctld's port on 127.0.0.1 (Slurm's RPCs, and from 25.11 its metrics over HTTP). */
  public int controllerPort() {
    return controllerPort;
  }

  /** A folder both this host and every node of the container see at this path. */
  public Path shared() {
    return shared;
  }

  public Shape shape() {
    return shape;
  }

  /** The nodes of {@link Shape#PLAIN}. */
  public static List<String> nodeNames() {
    return names("st", NODES);
  }

  public List<String> staticNodes() {
    return names("st", shape.staticNodes());
  }

  public List<String> cloudNodes() {
    return names("dy", shape.cloudNodes());
  }

  private static List<String> names(String kind, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "compute-gpu-" + kind + "-distributed-ml-" + i).collect(Collectors.toList());
  }

  /** Runs a command inside the container, as on the cluster's own machine; its stdout. */
  public String exec(String... argv) throws IOException, InterruptedException {
    Container.ExecResult result = container.execInContainer(argv);
    if (result.getExitCode() != 0) {
      throw new IOException(String.join(" ", argv) + " exited " + result.getExitCode() + ": " + result.getStderr());
    }
    return result.getStdout();
  }

  public String logs() {
    return container.getLogs();
  }

  @Override
  public void close() {
    container.stop();
  }

  /** The first of {@code count} consecutive loopback ports that are free now (the container shares our network). */
  private static int freePortRun(int count) {
    for (int first = 20000; first < 40000; first += count) {
      int start = first;
      if (IntStream.range(start, start + count).allMatch(SlurmContainer::free)) {
        return start;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports between 20000 and 40000");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
