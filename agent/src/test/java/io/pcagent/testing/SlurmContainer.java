package io.pcagent.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The Slurm cluster of containers/slurm (munged, slurmctld, three slurmd) in one container started with
 * Testcontainers, on the host's network so that this host's Slurm commands are its clients, as a login node's
 * are. They authenticate through the container's munged: its socket folder is bound to a folder of this host.
 * A shared folder is bound at the same path on both sides, as FSx is on every node of a ParallelCluster.
 * Tests that use it carry {@link RequiresContainerEngine}.
 */
public final class SlurmContainer implements AutoCloseable {
  /** The base image containers/slurm/Dockerfile is built FROM; scripts/container-engine.sh makes it. */
  public static final String BASE_IMAGE_VARIABLE = "PCAGENT_SLURM_BASE_IMAGE";
  public static final String DEFAULT_BASE_IMAGE = "localhost/debian:bookworm-min";
  public static final int NODES = 3;
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final GenericContainer<?> container;
  private final Path slurmConf;
  private final Path shared;

  private SlurmContainer(GenericContainer<?> container, Path slurmConf, Path shared) {
    this.container = container;
    this.slurmConf = slurmConf;
    this.shared = shared;
  }

  /** Builds the image from the repository's Dockerfile (cached by the engine) and starts the cluster. */
  public static SlurmContainer start(Path repository, Path workDir) throws IOException {
    Path mungeDir = Files.createDirectories(workDir.resolve("munge"));
    Path shared = Files.createDirectories(workDir.resolve("shared"));
    String base = Optional.ofNullable(System.getenv(BASE_IMAGE_VARIABLE)).orElse(DEFAULT_BASE_IMAGE);
    ImageFromDockerfile image = new ImageFromDockerfile("localhost/pcagent-slurm-it", false)
        .withFileFromPath(".", repository.resolve("containers/slurm"))
        .withBuildArg("BASE", base)
        .withBuildImageCmdModifier(build -> build.withNetworkMode("host").withPull(false));
    int controllerPort = freePortRun(NODES + 1);
    GenericContainer<?> container = new GenericContainer<>(image)
        .withNetworkMode("host")
        .withEnv("SLURMCTLD_PORT", Integer.toString(controllerPort))
        .withEnv("SLURMD_BASE_PORT", Integer.toString(controllerPort + 1))
        .withEnv("SLURM_NODES", Integer.toString(NODES))
        .withFileSystemBind(mungeDir.toString(), "/run/munge", BindMode.READ_WRITE)
        .withFileSystemBind(shared.toString(), shared.toString(), BindMode.READ_WRITE)
        .waitingFor(Wait.forLogMessage(".*slurm cluster ready.*", 1).withStartupTimeout(STARTUP));
    container.start();
    Path conf = workDir.resolve("slurm.conf");
    container.copyFileFromContainer("/etc/slurm/slurm.conf", conf.toString());
    Files.writeString(conf, Files.readString(conf).replace("AuthInfo=socket=/run/munge/", "AuthInfo=socket=" + mungeDir + "/"));
    return new SlurmContainer(container, conf, shared);
  }

  /** The slurm.conf a client on this host uses (SLURM_CONF): the container's, with the munge socket as seen here. */
  public Path slurmConf() {
    return slurmConf;
  }

  /** A folder both this host and every node of the container see at this path. */
  public Path shared() {
    return shared;
  }

  public static List<String> nodeNames() {
    return IntStream.rangeClosed(1, NODES).mapToObj(i -> "compute-gpu-st-distributed-ml-" + i).collect(Collectors.toList());
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
