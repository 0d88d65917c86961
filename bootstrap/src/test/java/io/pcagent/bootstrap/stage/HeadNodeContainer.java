package io.pcagent.bootstrap.stage;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A head node with systemd as PID 1 (containers/headnode), run with rootful podman's CLI: privileged, since without
 * it systemd silently skips the units' namespacing. /fsx, /home and /stage (the stand-in S3 bucket) are folders of
 * the test bound in. Not a test double: systemd, Slurm, Java and the installer are the real ones; only the AWS CLI is
 * a stand-in (containers/headnode/aws), as S3 cannot be reached from here.
 */
final class HeadNodeContainer implements AutoCloseable {
  static final String IMAGE = "localhost/pcagent-headnode-it:bookworm";
  static final String BASE = "localhost/debian:bookworm-min";
  private static final Path ENGINE_CONF = Path.of(System.getenv().getOrDefault("PCAGENT_ENGINE_DIR", "/run/pcagent-engine"),
      "containers.conf");
  private static final CommandRunner RUNNER = new CommandRunner();

  private final String name;

  private HeadNodeContainer(String name) {
    this.name = name;
  }

  /** Why no head node can run here (no podman, or not the base image scripts/container-engine.sh makes); empty when it can. */
  static Optional<String> unavailable() {
    try {
      CommandResult base = RUNNER.runAllowingFailure(podman(List.of("image", "exists", BASE)));
      return base.succeeded() ? Optional.empty()
          : Optional.of("no base image " + BASE + " (scripts/container-engine.sh start makes it)");
    } catch (CommandFailedException e) {
      return Optional.of("podman does not answer: " + e.getMessage());
    }
  }

  static void build(Path containers) throws CommandFailedException {
    RUNNER.run(podman(List.of("build", "--network", "host", "--build-arg", "BASE=" + BASE, "-f",
        containers.resolve("headnode/Dockerfile").toString(), "-t", IMAGE, containers.toString()))
        .withTimeout(Duration.ofMinutes(20)));
  }

  static HeadNodeContainer start(Map<Path, String> binds) throws Exception {
    String name = "pcagent-headnode-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    List<String> argv = new ArrayList<>(List.of("run", "-d", "--name", name, "--privileged", "--systemd=always",
        "--hostname", "head-node"));
    binds.forEach((host, inside) -> argv.addAll(List.of("-v", host + ":" + inside)));
    argv.add(IMAGE);
    RUNNER.run(podman(argv));
    HeadNodeContainer container = new HeadNodeContainer(name);
    container.await("systemd and Slurm up", "systemctl is-system-running --wait > /dev/null; "
        + "[ \"$(sinfo --noheader --states=idle --format=%D)\" = 2 ]", Duration.ofSeconds(90));
    return container;
  }

  /** Runs a bash script in the container; the result whatever its exit code. */
  CommandResult sh(String script, String... args) throws CommandFailedException {
    List<String> argv = new ArrayList<>(List.of("exec", name, "bash", "-c", script, "bash"));
    argv.addAll(List.of(args));
    return RUNNER.runAllowingFailure(podman(argv).withTimeout(Duration.ofMinutes(5)));
  }

  /** Its stdout; a failure throws with both streams. */
  String ok(String script, String... args) throws CommandFailedException {
    CommandResult result = sh(script, args);
    if (!result.succeeded()) {
      throw new AssertionError("in the head node: " + script + " exited " + result.exitCode() + "\n" + result.stdout()
          + result.stderr());
    }
    return result.stdout();
  }

  void write(String path, String content) throws CommandFailedException {
    ok("mkdir -p \"$(dirname \"$1\")\" && printf %s \"$2\" > \"$1\"", path, content);
  }

  void await(String what, String condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!sh(condition).succeeded()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s; the journal's end:\n"
            + sh("journalctl --no-pager --lines 60").stdout());
      }
      Thread.sleep(500);
    }
  }

  @Override
  public void close() throws CommandFailedException {
    RUNNER.runAllowingFailure(podman(List.of("rm", "-f", "-t", "5", name)).withTimeout(Duration.ofMinutes(2)));
  }

  private static Command podman(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("podman"));
    argv.addAll(args);
    Command command = Command.of(argv).withTimeout(Duration.ofMinutes(2)).withOutputLimit(4 * 1024 * 1024);
    // runc and cgroupfs, as the engine's service uses them here (scripts/container-engine.sh)
    return Files.isRegularFile(ENGINE_CONF) ? command.withEnvironment(Map.of("CONTAINERS_CONF", ENGINE_CONF.toString())) : command;
  }
}
