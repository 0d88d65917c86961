package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.cli.StackCommands.StackOptions;
import io.pcagent.bootstrap.cli.StackCommands.TemplateOptions;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stacks.Stack;
import io.pcagent.bootstrap.stacks.StackDeployer;
import io.pcagent.bootstrap.stacks.StackEvent;
import io.pcagent.bootstrap.stacks.StackTemplate;
import io.pcagent.bootstrap.stacks.Stacks;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code prereqs create|status|delete}: the VPC, security group and FSx file systems the cluster stands on. */
@Command(name = "prereqs", mixinStandardHelpOptions = true,
    description = "The prerequisites stack (VPC, subnets, security group, FSx for Lustre, FSx for OpenZFS).",
    subcommands = {PrereqsCommand.Create.class, PrereqsCommand.Status.class, PrereqsCommand.Delete.class})
final class PrereqsCommand extends CommandGroup {
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create the stack with PrimarySubnetAZ=AZ and wait (15 to 20 minutes); an existing stack is reused. "
          + "Ctrl-C stops waiting, not the creation: run create again to resume.")
  static final class Create implements Callable<Integer> {
    @Mixin StackOptions options;
    @Mixin TemplateOptions templateOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      Map<SettingKey, String> values = options.values();
      String name = StackOptions.prerequisitesStack(values);
      Map<String, String> parameters = Map.of("PrimarySubnetAZ", options.settings.required(values, SettingKey.AZ));
      StackTemplate template = templateOptions.template(StackCommands.PREREQUISITES_TEMPLATE);
      PrintWriter out = spec.commandLine().getOut();
      if (options.settings.dryRun) {
        StackCommands.dryRunCreate(name, template, parameters).change("set STACK_ID_VPC=" + name, options.settings.file().path())
            .print(options.settings, out);
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.session(values)) {
        StackDeployer.Deployment deployment = options.deployer(session, spec).create(name, template, parameters);
        options.settings.file().set(StackCommands.assignment(SettingKey.STACK_ID_VPC, name), false);
        return StackCommands.ok(options, spec, StackCommands.deployed(deployment));
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The stack's status and outputs; a failed stack's failed events. Exit 0 only when it is usable.")
  static final class Status implements Callable<Integer> {
    @Mixin StackOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<SettingKey, String> values = options.values();
      String name = StackOptions.prerequisitesStack(values);
      if (options.settings.dryRun) {
        new DryRunPlan().call("CloudFormation DescribeStacks", "StackName=" + name).print(options.settings, spec.commandLine().getOut());
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.session(values)) {
        Stacks stacks = new Stacks(session.cloudFormation());
        Stack stack = stacks.describe(name).orElseThrow(() -> PcagentException.failure(
            "stack " + name + " does not exist (create it with: pcluster-bootstrap prereqs create)"));
        Map<String, Object> result = StackCommands.result(stack);
        result.put("outputs", stack.outputs());
        if (!stack.usable() && !stack.inProgress()) {
          result.put("failed_events", stacks.failedEvents(stack.id()).stream().map(StackEvent::describe).toList());
        }
        options.settings.printResult(spec.commandLine().getOut(), result);
        return (stack.usable() ? ExitCode.OK : ExitCode.FAILURE).code();
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete the stack (VPC and both FSx file systems, with their data) and wait until it is gone. "
          + "A stack that does not exist is already deleted.")
  static final class Delete implements Callable<Integer> {
    @Mixin StackOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      Map<SettingKey, String> values = options.values();
      String name = StackOptions.prerequisitesStack(values);
      if (options.settings.dryRun) {
        deleteDryRun(new DryRunPlan(), name).print(options.settings, spec.commandLine().getOut());
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.session(values)) {
        return StackCommands.ok(options, spec, delete(options.deployer(session, spec), name));
      }
    }
  }

  static DryRunPlan deleteDryRun(DryRunPlan plan, String name) {
    return plan.call("CloudFormation DescribeStacks", "StackName=" + name + " (a stack that does not exist is deleted)")
        .call("CloudFormation DeleteStack", "StackName=" + name)
        .call("CloudFormation DescribeStackEvents, DescribeStacks", "until " + name + " is DELETE_COMPLETE");
  }

  static Map<String, Object> delete(StackDeployer deployer, String name) throws InterruptedException {
    boolean existed = deployer.delete(name);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stack", name);
    result.put("status", existed ? "DELETE_COMPLETE" : "does not exist");
    return result;
  }
}
