package io.pcagent.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Where everything of one sandbox lives. Nothing is written outside {@link #dir()}. */
public record SandboxLayout(Path dir) {
  public Path etc() {
    return dir.resolve("etc");
  }

  public Path slurmConf() {
    return etc().resolve("slurm.conf");
  }

  /** Holds the socket; munged wants it traversable by everyone, so the key lives one level deeper. */
  public Path mungeDir() {
    return dir.resolve("munge");
  }

  public Path mungeKeyDir() {
    return mungeDir().resolve("key");
  }

  public Path mungeKey() {
    return mungeKeyDir().resolve("munge.key");
  }

  public Path mungeSocket() {
    return mungeDir().resolve("munged.socket");
  }

  public Path mungePidFile() {
    return run().resolve("munged.pid");
  }

  public Path log() {
    return dir.resolve("log");
  }

  public Path run() {
    return dir.resolve("run");
  }

  public Path state() {
    return dir.resolve("state");
  }

  public Path spool() {
    return dir.resolve("spool");
  }

  /**
   * A short link to {@link #spool()}, the path slurm.conf names. slurmd and slurmstepd put Unix sockets named
   * {@code <node>_<job>.<step>} in the spool folder, and a socket path may not exceed 108 bytes: a spool path
   * deep inside a build folder breaks every task launch with "Unspecified error".
   */
  public Path spoolLink() {
    return Path.of("/run", "pca-" + shortHash(dir.toString()));
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public Path bin() {
    return dir.resolve("bin");
  }

  /** Where ResumeProgram and SuspendProgram leave power requests for the launcher. */
  public Path powerRequests() {
    return dir.resolve("power");
  }

  public Path slurmctldPidFile() {
    return run().resolve("slurmctld.pid");
  }

  public Path slurmdPidFile(String node) {
    return run().resolve("slurmd-" + node + ".pid");
  }

  public Path launcherPidFile() {
    return run().resolve("launcher.pid");
  }

  public Path slurmctldLog() {
    return log().resolve("slurmctld.log");
  }

  public Path slurmdLog(String node) {
    return log().resolve("slurmd-" + node + ".log");
  }

  public Path mungeLog() {
    return log().resolve("munged.log");
  }

  public Path launcherLog() {
    return log().resolve("launcher.log");
  }

  /** The folders {@code up} recreates: everything the sandbox writes. */
  public List<Path> generated() {
    return List.of(etc(), mungeDir(), log(), run(), state(), spool(), bin(), powerRequests());
  }
}
