package io.pcagent.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where everything of one sandbox lives. Nothing is written outside {@link #dir()} but the spool link. Shaped like
 * a ParallelCluster head node: Slurm under {@code opt/slurm}, the shared file systems under {@code shared}, the head
 * node's own state under {@code head}, each compute node's local disk under {@code nodes/<node>}.
 */
public record SandboxLayout(Path dir) {
  /** ParallelCluster's /opt/slurm: the head node exports it to the compute nodes. */
  public Path optSlurm() {
    return dir.resolve("opt").resolve("slurm");
  }

  /** The Slurm client commands (copies of Debian's: compute nodes do not see /usr/bin's). */
  public Path slurmBin() {
    return optSlurm().resolve("bin");
  }

  public Path slurmSbin() {
    return optSlurm().resolve("sbin");
  }

  public Path slurmEtc() {
    return optSlurm().resolve("etc");
  }

  public Path slurmConf() {
    return slurmEtc().resolve("slurm.conf");
  }

  public Path plugstackConf() {
    return slurmEtc().resolve("plugstack.conf");
  }

  /** The head node's own disk: what the agent and runner keep there (run store, token) in dev and the ITs. */
  public Path head() {
    return dir.resolve("head");
  }

  /** The backing folders of the shared file systems: what FSx for OpenZFS and FSx for Lustre hold. */
  public Path storage() {
    return dir.resolve("storage");
  }

  /** Where the shared file systems are mounted, at the same paths on the head node and on every compute node. */
  public Path shared() {
    return dir.resolve("shared");
  }

  /** The hands-on's /home (FSx for OpenZFS). */
  public Path sharedHome() {
    return shared().resolve("home");
  }

  /** The hands-on's /fsx (FSx for Lustre). */
  public Path sharedFsx() {
    return shared().resolve("fsx");
  }

  public List<SharedMount> sharedMounts() {
    return List.of(new SharedMount("home", storage().resolve("home"), sharedHome()),
        new SharedMount("fsx", storage().resolve("fsx"), sharedFsx()));
  }

  /** Pyxis's runtime folder (plugstack.conf's runtime_path). */
  public Path pyxisRuntime() {
    return run().resolve("pyxis");
  }

  /** The local image registry: its configuration, storage and log. */
  public Path registry() {
    return dir.resolve("registry");
  }

  public Path registryPidFile() {
    return run().resolve("registry.pid");
  }

  /** Where {@code up} writes the URI of the image it pushed to the local registry, for the demo and the tests. */
  public Path registryImageFile() {
    return registry().resolve("image-uri");
  }

  public Path bindfsPidFile(String name) {
    return run().resolve("bindfs-" + name + ".pid");
  }

  /** Mount points of the compute nodes' local disks: a tmpfs in each node's namespace, an empty folder outside. */
  public Path nodes() {
    return dir.resolve("nodes");
  }

  public Path nodeDisk(String node) {
    return nodes().resolve(node);
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

  /**
   * Folders of the head node that no compute node may see: slurmctld's state, the munge key, the head's own disk.
   * Each compute node gets an empty tmpfs over them.
   */
  public List<Path> headOnly() {
    return List.of(state(), mungeKeyDir(), head());
  }

  /** The folders {@code up} recreates: everything the sandbox writes. */
  public List<Path> generated() {
    return List.of(dir.resolve("opt"), mungeDir(), log(), run(), state(), spool(), bin(), powerRequests(), head(),
        storage(), shared(), nodes(), registry());
  }
}
