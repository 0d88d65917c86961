package io.pcagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import io.pcagent.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run the way an operator runs it: {@code java -jar pcluster-agent.jar ...}. */
class SandboxCliIT {
  private static final Path JAR = Path.of("target", "pcluster-agent.jar").toAbsolutePath();
  private final CommandRunner runner = new CommandRunner();

  private CommandResult agent(String... args) throws Exception {
    assertThat(JAR).as("the packaged jar (run mvn package first)").exists();
    List<String> argv = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    argv.addAll(List.of(args));
    return runner.runAllowingFailure(Command.of(argv).withTimeout(Duration.ofSeconds(180)));
  }

  /** Under target/: a JUnit temporary folder is private (0700), which munged refuses (see the test below). */
  private static String freshDir(String name) throws Exception {
    Path dir = Path.of("target", "it-cli", name).toAbsolutePath();
    Files.createDirectories(dir.getParent());
    return dir.toString();
  }

  @Test
  void upTwiceIsRefusedAndDownLeavesNothingBehind() throws Exception {
    String dir = freshDir("sandbox");

    CommandResult up = agent("sandbox", "up", "--dir", dir, "--nodes", "2", "--dynamic", "1");
    assertThat(up.exitCode()).as(up.stderr()).isZero();
    assertThat(up.stdout()).contains("compute-gpu-st-distributed-ml-[1-2]", "idle~");

    CommandResult again = agent("sandbox", "up", "--dir", dir, "--nodes", "2");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains("up: a sandbox is already running in " + dir + " (");

    CommandResult status = agent("sandbox", "status", "--dir", dir);
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    assertThat(status.stdout()).contains("slurmd compute-gpu-st-distributed-ml-2", "launcher", "running (pid ");

    CommandResult down = agent("sandbox", "down", "--dir", dir);
    assertThat(down.exitCode()).as(down.stderr()).isZero();
    assertThat(down.stdout()).startsWith("stopped launcher (pid ").contains("slurmctld (pid ", "munged (pid ");
    assertThat(Processes.mentioning(dir)).isEmpty();

    CommandResult downAgain = agent("sandbox", "down", "--dir", dir);
    assertThat(downAgain.stdout()).isEqualTo("nothing running in " + dir + "\n");
    CommandResult statusAfter = agent("sandbox", "status", "--dir", dir);
    assertThat(statusAfter.exitCode()).isEqualTo(1);
    assertThat(Files.exists(Path.of(dir, "log", "slurmctld.log"))).as("logs are kept after down").isTrue();
  }

  @Test
  void aFolderOthersCannotTraverseIsAUsageErrorThatSaysWhy(@TempDir Path tmp) throws Exception {
    CommandResult up = agent("sandbox", "up", "--dir", tmp.resolve("sandbox").toString(), "--nodes", "1");

    assertThat(up.exitCode()).isEqualTo(2);
    assertThat(up.stderr()).contains("up: cannot prepare " + tmp.resolve("sandbox") + ": munged needs every folder "
        + "above its socket to be traversable by all, and " + tmp + " is rwx------: choose another --dir or chmod o+x " + tmp);
  }

  @Test
  void devOneshotRunsAJobOnEveryStaticNodeAndStops() throws Exception {
    String dir = freshDir("dev");

    CommandResult dev = agent("dev", "--oneshot", "--dir", dir, "--nodes", "2", "--dynamic", "0", "--port", "0");

    assertThat(dev.exitCode()).as(dev.stderr()).isZero();
    assertThat(dev.stdout()).contains(
        "compute-gpu-st-distributed-ml-1 rank 0", "compute-gpu-st-distributed-ml-2 rank 1", "export SLURM_CONF=" + dir,
        "Health: ok", "/v1/health", "verdict: pass", "smoke-test           ok        last smoke test ");
    assertThat(Processes.mentioning(dir)).isEmpty();
  }
}
