package io.pcagent.cli;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.install.HostPreparation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = "As root, at install: give the agent's own user the places it writes to (run store, API token, runs "
        + "folder, a probe folder under each shared mount) and write the systemd drop-in that makes them writable in "
        + "its read-only view of the file system. Safe to run again; run it after changing runs.store or storage mounts.")
public final class PrepareCommand implements Callable<Integer> {
  @Mixin ConfigOptions configuration;

  @Option(names = "--user", description = "The agent's system user (default: ${DEFAULT-VALUE}).")
  String user = "pcagent";

  @Option(names = "--group", description = "Its group, which the runner and the job output share (default: the user's name).")
  String group;

  @Option(names = "--unit-dir", description = "Where the units are: the drop-in goes to <dir>/" + HostPreparation.DROP_IN
      + " (default: ${DEFAULT-VALUE}).")
  Path unitDir = Path.of("/etc/systemd/system");

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new PcagentException(ExitCode.USAGE, "prepare changes owners and modes: run it as root");
    }
    try {
      HostPreparation preparation = HostPreparation.forUser(configuration.load(), user, group == null ? user : group);
      String dropIn = preparation.prepare(Optional.ofNullable(configuration.config));
      Path file = unitDir.resolve(HostPreparation.DROP_IN);
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.writeString(partial, dropIn);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      preparation.notes().forEach(note -> spec.commandLine().getOut().println(note));
      spec.commandLine().getOut().println("wrote " + file);
      spec.commandLine().getOut().flush();
      return ExitCode.OK.code();
    } catch (IOException | IllegalArgumentException e) {
      throw new PcagentException(ExitCode.FAILURE, "prepare: " + e.getMessage(), e);
    }
  }
}
