package io.pcagent.bootstrap.cli;

import io.pcagent.cli.LoggingOptions;
import io.pcagent.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Provisions an AWS ParallelCluster the way the hands-on does by hand: config.yaml, the bucket and prerequisites
 * stacks and their outputs, the data repository association, the agent staged in S3, cluster.yaml, the cluster
 * through the pcluster CLI, validation over SSM, deletion. docs/bootstrap.md has the flow.
 */
@Command(
    name = "pcluster-bootstrap",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Provision an AWS ParallelCluster for distributed training and install pcluster-agent on its head node.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "1:failure", "2:usage", "3:AWS or the cluster unreachable", "4:internal error"},
    subcommands = {SettingsCommands.Init.class, SettingsCommands.Set.class, SettingsCommands.Show.class, BucketCommand.class,
        Ec2Commands.KeyPair.class, Ec2Commands.InstanceTypes.class, PrereqsCommand.class, OutputsCommand.class, DraCommand.class,
        RenderCommand.class,
        ClusterCommands.PclusterVersion.class, ClusterCommands.Create.class, ClusterCommands.Wait.class, ClusterCommands.Status.class, StageCommand.class, RemoteValidateCommand.class,
        TunnelCommand.class,
        ClusterCommands.Delete.class})
public final class BootstrapCommand implements Runnable {
  @Mixin LoggingOptions logging;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
