package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.cli.ClusterCommands.ClusterOptions;
import io.pcagent.bootstrap.settings.SettingKey;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --instance-id}: the head node a command works on, else the one pcluster describes for the cluster. */
final class HeadNodeOption {
  @Option(names = "--instance-id", description = "The head node (default: what pcluster describe-cluster says).")
  String instanceId;

  String resolve(ClusterOptions options, Map<SettingKey, String> values, String cluster, String purpose) {
    return instanceId != null ? instanceId : options.headNode(values, cluster, purpose);
  }

  /** For --dry-run: plans the describe-cluster it would run to find the head node, and answers what stands for it. */
  String dryRun(ClusterOptions options, Map<SettingKey, String> values, String cluster, DryRunPlan plan) {
    if (instanceId != null) {
      return instanceId;
    }
    plan.run(options.cli(values).describeCommand(cluster));
    return "<head node instance id>";
  }
}
