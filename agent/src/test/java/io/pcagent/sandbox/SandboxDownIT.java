package io.pcagent.sandbox;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.mount.MountTable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** A node's slurmd dies under a running job: {@code down} still leaves no process of the sandbox behind. */
class SandboxDownIT {
  private final CommandRunner runner = new CommandRunner();

  @Test
  void downStopsStepDaemonsOrphanedByADeadSlurmd() throws Exception {
    Path dir = Path.of("target", "it-down").toAbsolutePath();
    Sandbox sandbox = new Sandbox(runner);
    sandbox.down(dir);
    SandboxSpec spec = new SandboxSpec(dir, 1, 0, Duration.ofSeconds(60), Duration.ofSeconds(60));
    sandbox.up(spec);
    try {
      Command sbatch = Command.of(spec.layout().slurmBin().resolve("sbatch").toString(), "--parsable", "-o", "/dev/null", "--wrap", "sleep 300")
          .withEnvironment(Sandbox.clientEnvironment(dir));
      String job = runner.run(sbatch).stdout().strip();
      awaitRunning(job, spec.layout());
      assertThat(Daemons.strayStepDaemons(dir)).as("slurmstepd of the job").isNotEmpty();

      String node = spec.staticNodeNames().get(0);
      long slurmd = Long.parseLong(Files.readString(spec.layout().slurmdPidFile(node)).strip());
      ProcessHandle.of(slurmd).orElseThrow().destroyForcibly();
      Daemons.awaitExit(slurmd, Duration.ofSeconds(10));
    } finally {
      List<String> stopped = sandbox.down(dir);
      assertThat(stopped).anySatisfy(s -> assertThat(s).startsWith("slurmstepd (pid "));
    }
    assertThat(Daemons.strayStepDaemons(dir)).isEmpty();
    assertThat(spec.layout().sharedMounts()).as("shared file systems unmounted")
        .noneMatch(mount -> MountTable.isMountPoint(mount.mountPoint()));
    assertThat(Files.exists(spec.layout().spoolLink(), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  private void awaitRunning(String job, SandboxLayout layout) throws Exception {
    Command squeue = Command.of(layout.slurmBin().resolve("squeue").toString(), "-h", "-j", job, "-o", "%T")
        .withEnvironment(Sandbox.clientEnvironment(layout.dir()));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!runner.run(squeue).stdout().strip().equals("RUNNING")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + job + " not running within 30 s");
      }
      Thread.sleep(200);
    }
    Thread.sleep(500);
  }
}
