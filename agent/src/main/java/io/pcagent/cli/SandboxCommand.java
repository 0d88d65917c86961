package io.pcagent.cli;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.sandbox.Sandbox;
import io.pcagent.sandbox.SandboxStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "A real local Slurm cluster (munged, slurmctld, one slurmd per node), all under one folder.",
    subcommands = {SandboxCommand.Up.class, SandboxCommand.Down.class, SandboxCommand.Status.class})
public final class SandboxCommand {

  @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the sandbox and wait until every node is ready.")
  static final class Up implements Callable<Integer> {
    @Mixin SandboxOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      SandboxStatus status = new Sandbox(new CommandRunner()).up(options.spec());
      print(spec.commandLine().getOut(), status);
      return ExitCode.OK.code();
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the sandbox's daemons (only those it started).")
  static final class Down implements Callable<Integer> {
    @Option(names = "--dir", description = "Sandbox folder (default: ${DEFAULT-VALUE}).")
    Path dir = SandboxOptions.DEFAULT_DIR;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      List<String> stopped = new Sandbox(new CommandRunner()).down(dir);
      PrintWriter out = spec.commandLine().getOut();
      out.println(stopped.isEmpty() ? "nothing running in " + dir.toAbsolutePath().normalize() : "stopped " + String.join(", ", stopped));
      return ExitCode.OK.code();
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show the sandbox's daemons and nodes. Exit 0 when everything runs, 1 otherwise.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--dir", description = "Sandbox folder (default: ${DEFAULT-VALUE}).")
    Path dir = SandboxOptions.DEFAULT_DIR;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SandboxStatus status = new Sandbox(new CommandRunner()).status(dir);
      if (status.daemons().isEmpty()) {
        throw new PcagentException(ExitCode.FAILURE, "no sandbox in " + status.dir());
      }
      print(spec.commandLine().getOut(), status);
      return status.complete() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }
  }

  static void print(PrintWriter out, SandboxStatus status) {
    out.println("sandbox: " + status.dir());
    out.println("SLURM_CONF=" + status.slurmConf());
    status.daemons().forEach((name, pid) ->
        out.printf("  %-45s %s%n", name, pid.isPresent() ? "running (pid " + pid.getAsLong() + ")" : "not running"));
    if (!status.namespaces().isEmpty()) {
      out.println();
      out.println("compute nodes (each slurmd in its own mount namespace):");
      status.namespaces().forEach(ns -> out.printf("  %-45s slurmd pid %d, %s%s%n    %s%n", ns.node(), ns.slurmdPid(),
          ns.namespace(), ns.ownNamespace() ? "" : " (THE HEAD NODE'S: not isolated)", String.join(", ", ns.mounts())));
    }
    out.println();
    out.println("containers: " + status.containers());
    out.println();
    out.print(status.sinfo());
    out.flush();
  }
}
