package io.pcagent.sandbox;

import io.pcagent.mount.MountTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Lays out a fresh sandbox folder: configuration, munge key, scripts, and the record of its shape. */
final class SandboxFiles {
  static final String SPEC_FILE = "sandbox.properties";
  private static final int MUNGE_KEY_BYTES = 1024;
  private static final int MAX_SOCKET_PATH = 107;
  private static final int STICKY_WORLD_WRITABLE = 01777;

  private SandboxFiles() {}

  /** Removes what an earlier sandbox in this folder wrote (only the folders the sandbox owns) and writes anew. */
  static void prepare(SandboxSpec spec, SlurmBinaries binaries, String hostname) throws IOException {
    SandboxLayout layout = spec.layout();
    Files.createDirectories(layout.dir());
    checkMungeCanUse(layout);
    for (SharedMount mount : layout.sharedMounts()) {
      // Deleting through a live mount would empty what it serves.
      if (MountTable.isMountPoint(mount.mountPoint())) {
        throw new SandboxSetupException(mount.mountPoint() + " is still mounted: stop the old sandbox first with "
            + "pcluster-agent sandbox down --dir " + layout.dir());
      }
    }
    for (Path generated : layout.generated()) {
      deleteRecursively(generated);
      Files.createDirectories(generated);
    }
    // munged refuses a socket folder that not everyone can traverse, and a key others can read.
    Files.setPosixFilePermissions(layout.mungeDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(layout.mungeKeyDir());
    Files.setPosixFilePermissions(layout.mungeKeyDir(), PosixFilePermissions.fromString("rwx------"));
    byte[] key = new byte[MUNGE_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    Files.write(layout.mungeKey(), key);
    Files.setPosixFilePermissions(layout.mungeKey(), PosixFilePermissions.fromString("r--------"));
    for (String node : allNodes(spec)) {
      Files.createDirectories(layout.spool().resolve(node));
      Files.createDirectories(layout.nodeDisk(node));
    }
    for (SharedMount mount : layout.sharedMounts()) {
      Files.createDirectories(mount.backing());
      Files.createDirectories(mount.mountPoint());
      // Like a fresh FSx volume: every user may create folders at the top.
      Files.setAttribute(mount.backing(), "unix:mode", STICKY_WORLD_WRITABLE);
    }
    SlurmInstall.copy(layout, binaries);
    linkSpool(layout);
    Map<String, Integer> ports = freePorts(allNodes(spec));
    int controllerPort = freePort();
    Files.writeString(layout.slurmConf(), SlurmConfTemplate.render(spec, hostname, controllerPort, ports));
    Files.writeString(layout.plugstackConf(), Containers.plugstack(layout));
    NodeBoot.writeJobUserStep(layout);
    if (spec.dynamicNodes() > 0) {
      PowerScripts.write(layout, hostname);
    }
    writeSpec(spec);
  }

  static List<String> allNodes(SandboxSpec spec) {
    return Stream.concat(spec.staticNodeNames().stream(), spec.dynamicNodeNames().stream()).toList();
  }

  static void writeSpec(SandboxSpec spec) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("staticNodes", Integer.toString(spec.staticNodes()));
    properties.setProperty("dynamicNodes", Integer.toString(spec.dynamicNodes()));
    properties.setProperty("suspendTimeSeconds", Long.toString(spec.suspendTime().toSeconds()));
    properties.setProperty("jobUser", spec.jobUser());
    try (var out = Files.newBufferedWriter(spec.dir().resolve(SPEC_FILE))) {
      properties.store(out, "pcluster-agent sandbox");
    }
  }

  /** The spec a running (or stopped) sandbox was started with, if this folder holds one. */
  static Optional<SandboxSpec> readSpec(Path dir) {
    Path file = dir.toAbsolutePath().normalize().resolve(SPEC_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      properties.load(in);
      return Optional.of(new SandboxSpec(
          dir,
          Integer.parseInt(properties.getProperty("staticNodes", "0")),
          Integer.parseInt(properties.getProperty("dynamicNodes", "0")),
          Duration.ofSeconds(Long.parseLong(properties.getProperty("suspendTimeSeconds", "60"))),
          SandboxSpec.DEFAULT_START_TIMEOUT,
          properties.getProperty("jobUser", JobUser.DEFAULT_NAME)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
    }
  }

  /** munged refuses a socket under a folder that others cannot traverse; a socket path has at most 107 bytes. */
  private static void checkMungeCanUse(SandboxLayout layout) throws IOException {
    for (Path folder = layout.dir(); folder != null; folder = folder.getParent()) {
      if (!Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new SandboxSetupException("munged needs every folder above its socket to be traversable by all, and "
            + folder + " is " + PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))
            + ": choose another --dir or chmod o+x " + folder);
      }
    }
    int length = layout.mungeSocket().toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > MAX_SOCKET_PATH) {
      throw new SandboxSetupException("the munge socket path " + layout.mungeSocket() + " is " + length
          + " bytes, over the " + MAX_SOCKET_PATH + " a Unix socket allows: choose a shorter --dir");
    }
  }

  /** Points the short spool path named in slurm.conf at this sandbox's spool folder. */
  private static void linkSpool(SandboxLayout layout) throws IOException {
    Path link = layout.spoolLink();
    if (Files.isSymbolicLink(link)) {
      Path target = Files.readSymbolicLink(link);
      if (!target.equals(layout.spool()) && Files.exists(link)) {
        throw new SandboxSetupException(link + " already links to " + target + ", another sandbox's spool");
      }
      Files.delete(link);
    } else if (Files.exists(link)) {
      throw new SandboxSetupException(link + " exists and is not the sandbox's link: remove it or choose another --dir");
    }
    Files.createSymbolicLink(link, layout.spool());
  }

  /** Removes the spool link if it is this sandbox's; leaves anything else alone. */
  static void unlinkSpool(SandboxLayout layout) throws IOException {
    Path link = layout.spoolLink();
    if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(layout.spool())) {
      Files.delete(link);
    }
  }

  private static Map<String, Integer> freePorts(List<String> nodes) throws IOException {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String node : nodes) {
      ports.put(node, freePort());
    }
    return ports;
  }

  /** A port nobody listens on right now; the kernel's ephemeral choice makes collisions between sandboxes unlikely. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
