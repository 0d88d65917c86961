package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.cli.StackCommands.StackOptions;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stacks.Stack;
import io.pcagent.bootstrap.stacks.Stacks;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outputs}: the prerequisites stack's outputs, merged into config.yaml as the hands-on does with yq. */
@Command(name = "outputs", mixinStandardHelpOptions = true,
    description = "Merge the prerequisites stack's outputs (VPC, subnets, security group, FSx ids) into config.yaml.")
final class OutputsCommand implements Callable<Integer> {
  @Mixin StackOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<SettingKey, String> values = options.values();
    String name = options.settings.required(values, SettingKey.STACK_ID_VPC);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (options.settings.dryRun) {
      new DryRunPlan().call("CloudFormation DescribeStacks", "StackName=" + name)
          .change("merge its outputs " + Arrays.stream(SettingKey.values()).filter(SettingKey::isStackOutput).map(SettingKey::name).toList(),
              options.settings.file().path())
          .print(options.settings, out);
      return ExitCode.OK.code();
    }
    Stack stack;
    try (AwsSession session = options.session(values)) {
      stack = new Stacks(session.cloudFormation()).describe(name).orElseThrow(() -> PcagentException.failure(
          "stack " + name + " does not exist (create it with: pcluster-bootstrap prereqs create)"));
    }
    if (!stack.usable()) {
      throw PcagentException.failure("stack " + name + " is " + stack.status() + ": its outputs are not there yet "
          + "(pcluster-bootstrap prereqs status)");
    }
    List<String> assignments = new ArrayList<>();
    stack.outputs().forEach((key, value) -> {
      if (SettingKey.of(key).filter(SettingKey::isStackOutput).isPresent()) {
        assignments.add(key + "=" + value);
      } else {
        err.println("warning: output " + key + " of " + name + " is not a config.yaml key: left out");
      }
    });
    List<String> missing = Arrays.stream(SettingKey.values())
        .filter(k -> k.isStackOutput() && !stack.outputs().containsKey(k.name())).map(SettingKey::name).toList();
    if (!missing.isEmpty()) {
      err.println("warning: " + name + " has no output " + String.join(", ", missing) + ": is it the prerequisites stack?");
    }
    err.flush();
    options.settings.print(out, options.settings.file().set(assignments, false));
    return ExitCode.OK.code();
  }
}
