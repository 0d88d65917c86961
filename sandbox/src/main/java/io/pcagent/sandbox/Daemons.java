package io.pcagent.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Daemons known by their pid files. A pid is only taken as the sandbox's own when the live process's command
 * line names the sandbox folder, so a recycled pid or another sandbox's daemon is never signalled.
 */
final class Daemons {
  private static final Duration POLL = Duration.ofMillis(100);

  private Daemons() {}

  static OptionalLong readPid(Path pidFile) {
    try {
      String text = Files.readString(pidFile).strip();
      return text.matches("\\d{1,10}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The pid in {@code pidFile}, if that process is alive and belongs to the sandbox in {@code dir}. */
  static OptionalLong ownLivePid(Path pidFile, Path dir) {
    OptionalLong pid = readPid(pidFile);
    if (pid.isPresent() && isAlive(pid.getAsLong()) && commandLine(pid.getAsLong()).map(c -> c.contains(dir.toString())).orElse(false)) {
      return pid;
    }
    return OptionalLong.empty();
  }

  /** Alive and not a zombie waiting for a parent that may never reap it. */
  static boolean isAlive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z' && stat.charAt(close + 2) != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  static Optional<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * slurmstepd processes (and their tasks) that outlived their slurmd, say after a node's slurmd was killed.
   * They keep slurmd's working folder, the sandbox's log folder, which is how they are told apart from other
   * clusters' steps: their command line is just {@code slurmstepd: [job.step]}.
   */
  static List<ProcessHandle> strayStepDaemons(Path dir) {
    return ProcessHandle.allProcesses()
        .filter(p -> "slurmstepd".equals(read(Path.of("/proc", Long.toString(p.pid()), "comm")).strip()))
        .filter(p -> workingDirectory(p.pid()).map(cwd -> cwd.startsWith(dir)).orElse(false))
        .toList();
  }

  private static Optional<Path> workingDirectory(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGTERM, then SIGKILL if it is still there after {@code grace}. Returns once the process is gone. */
  static void stop(long pid, Duration grace) throws InterruptedException {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return;
    }
    handle.get().destroy();
    if (!awaitExit(pid, grace)) {
      handle.get().destroyForcibly();
      awaitExit(pid, grace);
    }
  }

  static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isAlive(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }

  /** Waits for a daemon that forks into the background to write its pid file. */
  static OptionalLong awaitPidFile(Path pidFile, Path dir, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalLong pid = ownLivePid(pidFile, dir);
      if (pid.isPresent()) {
        return pid;
      }
      Thread.sleep(POLL.toMillis());
    }
    return OptionalLong.empty();
  }
}
