package io.pcagent.install;

import io.pcagent.config.AgentConfig;
import io.pcagent.http.ApiToken;
import io.pcagent.storage.ExpectedMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the installer does, as root, before the agent starts as its own user (systemd's {@code User=pcagent}) in a
 * read-only view of the file system: gives that user the few places it writes to, and writes the unit drop-in that
 * makes them writable. Everything comes from the agent's configuration, as the agent reads it, so that the two cannot
 * disagree; running it again changes nothing that is already right, and brings an install that ran as root over.
 *
 * <ul>
 *   <li>the configuration file: root's, readable by the agent's group, and so is its folder, unless others may
 *       already search it (/etc itself is left alone);
 *   <li>the run store's folder and files (the runner, root in the agent's group, shares them): group-writable;
 *   <li>the API token: the agent's, 0600 (created when missing);
 *   <li>the runs folder: root's, in the agent's group, setgid, so every run folder and job output passes that group on
 *       (the job handler makes job output group-readable);
 *   <li>{@code .pcluster-agent} under each expected mount: the agent's, where its storage probe writes.
 * </ul>
 */
public final class HostPreparation {
  /** The drop-in, beside the unit: systemd merges it into pcluster-agent.service. */
  public static final String DROP_IN = "pcluster-agent.service.d/50-paths.conf";
  private static final String PROBE_DIR = ".pcluster-agent";

  private final AgentConfig config;
  private final UserPrincipal user;
  private final GroupPrincipal group;
  private final List<String> notes = new ArrayList<>();

  private HostPreparation(AgentConfig config, UserPrincipal user, GroupPrincipal group) {
    this.config = config;
    this.user = user;
    this.group = group;
  }

  /** The agent's user and group must exist (the installer creates them). */
  public static HostPreparation forUser(AgentConfig config, String userName, String groupName) throws IOException {
    UserPrincipalLookupService names = Path.of("/").getFileSystem().getUserPrincipalLookupService();
    try {
      return new HostPreparation(config, names.lookupPrincipalByName(userName), names.lookupPrincipalByGroupName(groupName));
    } catch (UserPrincipalNotFoundException e) {
      throw new IOException("no user or group named '" + e.getName() + "' on this host (the installer creates it)", e);
    }
  }

  /** Prepares every place and returns the drop-in's text; {@link #notes()} then says what was done or skipped. */
  public String prepare(Optional<Path> configFile) throws IOException {
    if (configFile.isPresent()) {
      Path file = configFile.get().toAbsolutePath();
      UserPrincipal root = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
      int folderMode = (Integer) Files.getAttribute(file.getParent(), "unix:mode");
      if ((folderMode & 0001) == 0) {
        own(file.getParent(), root, 0750);
      }
      own(file, root, 0640);
    }
    Path store = config.runs().store().toAbsolutePath();
    Path stateDir = store.getParent();
    Files.createDirectories(stateDir);
    own(stateDir, user, 0770);
    for (String suffix : List.of("", "-wal", "-shm")) {
      Path file = stateDir.resolve(store.getFileName() + suffix);
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        own(file, user, 0660);
      }
    }
    Path token = config.auth().tokenFile().toAbsolutePath();
    ApiToken.loadOrCreate(token);
    own(token, user, 0600);
    Path runs = config.runs().dir().toAbsolutePath();
    Files.createDirectories(runs);
    ownKeepingOwner(runs, 02755);
    Set<Path> writable = new LinkedHashSet<>(List.of(stateDir));
    for (Path mount : new TreeSet<>(ExpectedMounts.of(config.storage()).keySet())) {
      Path probeDir = mount.toAbsolutePath().resolve(PROBE_DIR);
      writable.add(probeDir);
      if (!Files.isDirectory(mount)) {
        notes.add(mount + " is not there yet: its probe folder is made when it is mounted and this is run again");
        continue;
      }
      if (!Files.isDirectory(probeDir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(probeDir);
      }
      own(probeDir, user, 0700);
    }
    return dropIn(writable);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  private String dropIn(Set<Path> writable) {
    StringBuilder text = new StringBuilder()
        .append("# Written by pcluster-agent prepare from the agent's configuration: the places the agent writes to in its\n")
        .append("# read-only view of the file system (ProtectSystem=strict). Run it again after changing runs.store or the\n")
        .append("# storage mounts, then systemctl daemon-reload. '-': a path that is missing is skipped, not an error.\n")
        .append("[Service]\n");
    for (Path path : writable) {
      String name = path.toString();
      if (name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\\' || c == '%')) {
        throw new IllegalArgumentException(name + ": a path with spaces, quotes, backslashes or % cannot be made writable here");
      }
      text.append("ReadWritePaths=-").append(name).append('\n');
    }
    return text.toString();
  }

  private void own(Path path, UserPrincipal owner, int mode) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(owner);
    view.setGroup(group);
    Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    notes.add(String.format("%s: %s:%s %04o", path, owner.getName(), group.getName(), mode));
  }

  private void ownKeepingOwner(Path path, int mode) throws IOException {
    own(path, Files.getOwner(path, LinkOption.NOFOLLOW_LINKS), mode);
  }
}
