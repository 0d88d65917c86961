package io.pcagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "pcluster-agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Head-node agent for AWS ParallelCluster (Slurm): cluster health, jobs, metrics, validation.",
    subcommands = {ServeCommand.class, RunnerCommand.class, ValidateCommand.class, PrepareCommand.class, SandboxCommand.class, DevCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok", "1:failure (a check failed, the cluster is unhealthy)", "2:usage (bad arguments or configuration)",
      "3:unreachable (agent or Slurm did not answer)", "4:internal error"
    })
public final class AgentCommand implements Runnable {
  @Mixin LoggingOptions logging;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
