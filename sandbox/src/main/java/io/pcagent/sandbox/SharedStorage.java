package io.pcagent.sandbox;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.mount.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's shared file systems: one FUSE bindfs process a mount, started in the head node's (the host's)
 * namespace before any node boots, so every node's namespace starts with a copy of the mount. bindfs daemonizes
 * without a pid file; the sandbox finds its process by command line and writes one.
 */
final class SharedStorage {
  private static final Logger LOG = LoggerFactory.getLogger(SharedStorage.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final CommandRunner runner;

  SharedStorage(CommandRunner runner) {
    this.runner = runner;
  }

  void mountAll(SandboxLayout layout, Path bindfs) throws InterruptedException {
    for (SharedMount mount : layout.sharedMounts()) {
      try {
        runner.run(Command.of(bindfs.toString(), mount.backing().toString(), mount.mountPoint().toString()).withTimeout(TIMEOUT));
        long pid = findDaemon(mount).orElseThrow(() -> new PcagentException(ExitCode.FAILURE,
            "bindfs for " + mount.mountPoint() + " exited right after mounting it"));
        Files.writeString(layout.bindfsPidFile(mount.name()), pid + "\n");
      } catch (CommandFailedException e) {
        throw new PcagentException(ExitCode.FAILURE, "cannot mount the shared " + mount.name() + " at " + mount.mountPoint()
            + ": " + e.getMessage() + " (the sandbox needs FUSE: apt-get install bindfs, and /dev/fuse)", e);
      } catch (IOException e) {
        throw new PcagentException(ExitCode.FAILURE, "cannot record bindfs's pid: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Unmounts every shared mount of the sandbox and stops its bindfs. A bindfs stopped with SIGSTOP (tests hang a
   * mount that way) is continued first, or the unmount would wait on it. Returns what was stopped.
   */
  List<String> unmountAll(SandboxLayout layout, Duration grace) throws InterruptedException {
    List<String> stopped = new ArrayList<>();
    for (SharedMount mount : layout.sharedMounts()) {
      OptionalLong pid = Daemons.ownLivePid(layout.bindfsPidFile(mount.name()), layout.dir());
      pid.ifPresent(p -> quietly(Command.of("kill", "-CONT", Long.toString(p))));
      if (MountTable.isMountPoint(mount.mountPoint())) {
        quietly(Command.of("umount", mount.mountPoint().toString()));
      }
      if (pid.isPresent()) {
        Daemons.stop(pid.getAsLong(), grace);
        stopped.add("bindfs " + mount.name() + " (pid " + pid.getAsLong() + ")");
      }
      if (MountTable.isMountPoint(mount.mountPoint())) {
        quietly(Command.of("umount", "--lazy", mount.mountPoint().toString()));
      }
    }
    return stopped;
  }

  /** Stopping goes on whatever one step says; what failed is logged. */
  private void quietly(Command command) {
    try {
      var result = runner.runAllowingFailure(command.withTimeout(TIMEOUT));
      if (result.exitCode() != 0) {
        LOG.warn("{} exited {}: {}", String.join(" ", result.argv()), result.exitCode(), result.stderr().strip());
      }
    } catch (CommandFailedException e) {
      LOG.warn("{}", e.getMessage());
    }
  }

  private static Optional<Long> findDaemon(SharedMount mount) {
    String mountPoint = mount.mountPoint().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> Daemons.commandLine(p.pid()).map(c -> c.split(" ")[0].endsWith("bindfs") && c.endsWith(" " + mountPoint)).orElse(false))
        .map(ProcessHandle::pid).findFirst();
  }
}
