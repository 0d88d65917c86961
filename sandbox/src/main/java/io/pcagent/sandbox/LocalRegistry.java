package io.pcagent.sandbox;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image registry on 127.0.0.1 for the sandbox's containers (no remote registry is reachable here): Debian's
 * docker-registry, and a tiny image made without Docker (busybox-static in a rootfs, umoci for the OCI layout,
 * skopeo to push it). Pushed as Docker v2 schema 2: with the OCI manifest format enroot's import answers 404 (its
 * HEAD request sends no Accept header). Where a tool is missing the sandbox runs without it and says why.
 */
final class LocalRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  static final String IMAGE = "pcagent/busybox:latest";
  private static final List<String> TOOLS = List.of("docker-registry", "skopeo", "umoci");
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Duration STEP = Duration.ofSeconds(60);

  private final CommandRunner runner;
  private final SlurmBinaries binaries;

  LocalRegistry(CommandRunner runner, SlurmBinaries binaries) {
    this.runner = runner;
    this.binaries = binaries;
  }

  /** Starts the registry where its tools are installed: without them the sandbox runs on, without images. */
  void startIfInstalled(SandboxLayout layout) throws InterruptedException {
    Optional<String> why = missing();
    if (why.isPresent()) {
      LOG.info("no local image registry: {}", why.get());
      return;
    }
    try {
      start(layout);
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, "the local image registry did not start: " + e.getMessage(), e);
    }
  }

  /** What the nodes run containers with, for {@code sandbox status}. */
  String describe(SandboxLayout layout) {
    if (!Containers.pyxisInstalled()) {
      return "none: Pyxis is not installed (scripts/install-container-stack.sh)";
    }
    return "Pyxis and Enroot on every node; " + imageUri(layout).map(uri -> "image " + uri)
        .orElse("no local registry: " + missing().orElse("not started"));
  }

  /** Why the registry cannot run here, if it cannot. */
  Optional<String> missing() {
    for (String tool : TOOLS) {
      try {
        binaries.find(tool, tool);
      } catch (RuntimeException e) {
        return Optional.of(tool + " is not installed (apt-get install docker-registry skopeo umoci busybox-static)");
      }
    }
    return Files.isExecutable(BUSYBOX) ? Optional.empty() : Optional.of("busybox-static is not installed");
  }

  /** Starts the registry, pushes the image, writes and returns its enroot URI ({@code docker://HOST:PORT#NAME:TAG}). */
  String start(SandboxLayout layout) throws IOException, InterruptedException {
    Path dir = layout.registry();
    int port = freePort();
    Files.createDirectories(dir.resolve("data"));
    Path config = Files.writeString(dir.resolve("config.yml"), String.join("\n",
        "version: 0.1", "log:", "  level: warn", "storage:", "  filesystem:", "    rootdirectory: " + dir.resolve("data"),
        "http:", "  addr: 127.0.0.1:" + port, ""));
    Process registry = new ProcessBuilder("setsid", binaries.find("docker-registry", "docker-registry").toString(), "serve",
        config.toString()).redirectErrorStream(true).redirectOutput(layout.log().resolve("registry.log").toFile()).start();
    Files.writeString(layout.registryPidFile(), registry.pid() + "\n");
    awaitAnswer(port, registry, layout);
    push(dir, port);
    String uri = "docker://127.0.0.1:" + port + "#" + IMAGE;
    Files.writeString(layout.registryImageFile(), uri + "\n");
    LOG.info("local registry on 127.0.0.1:{} serves {}", port, IMAGE);
    return uri;
  }

  static Optional<String> imageUri(SandboxLayout layout) {
    try {
      return Optional.of(Files.readString(layout.registryImageFile()).strip()).filter(s -> !s.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void push(Path dir, int port) throws IOException, InterruptedException {
    Path layoutDir = dir.resolve("oci");
    Path bundle = dir.resolve("bundle");
    String image = layoutDir + ":busybox";
    run("umoci", "init", "--layout", layoutDir.toString());
    run("umoci", "new", "--image", image);
    run("umoci", "unpack", "--image", image, bundle.toString());
    Path bin = Files.createDirectories(bundle.resolve("rootfs").resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"));
    for (String applet : List.of("sh", "echo", "cat", "ls", "id", "hostname", "sleep", "true")) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    run("umoci", "repack", "--image", image, bundle.toString());
    run("umoci", "config", "--image", image, "--config.cmd", "/bin/sh");
    run("skopeo", "copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + image, "docker://127.0.0.1:" + port + "/" + IMAGE);
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(binaries.find(tool, tool).toString()));
    argv.addAll(List.of(args));
    try {
      runner.run(Command.of(argv).withTimeout(STEP));
    } catch (CommandFailedException e) {
      throw new IOException("the local registry's image: " + e.getMessage(), e);
    }
  }

  private static void awaitAnswer(int port, Process registry, SandboxLayout layout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!registry.isAlive()) {
        throw new IOException("docker-registry exited right after starting; see " + layout.log().resolve("registry.log"));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
        connection.setConnectTimeout(500);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException("docker-registry did not answer on 127.0.0.1:" + port + " within 15 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
