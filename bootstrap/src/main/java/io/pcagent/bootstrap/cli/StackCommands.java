package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stacks.Stack;
import io.pcagent.bootstrap.stacks.StackDeployer;
import io.pcagent.bootstrap.stacks.StackTemplate;
import io.pcagent.bootstrap.stacks.Stacks;
import io.pcagent.error.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What the CloudFormation commands ({@code prereqs}, {@code bucket}, {@code outputs}) share. */
final class StackCommands {
  static final String PREREQUISITES_STACK = "parallelcluster-prerequisites";
  static final String PREREQUISITES_TEMPLATE =
      "https://awsome-distributed-training.s3.amazonaws.com/templates/parallelcluster-prerequisites.yaml";
  static final String BUCKET_STACK = "cluster-data-bucket";
  static final String BUCKET_TEMPLATE = "https://awsome-distributed-training.s3.amazonaws.com/templates/0.private-bucket.yaml";

  private StackCommands() {}

  /** config.yaml, the AWS endpoint and the poll interval: every CloudFormation command takes them. */
  static final class StackOptions {
    @Mixin SettingsOptions settings;
    @Mixin AwsOptions aws;
    @Mixin PollOptions poll;

    Map<SettingKey, String> values() {
      poll.interval();
      return settings.file().read();
    }

    AwsSession session(Map<SettingKey, String> values) {
      return aws.session(values, settings);
    }

    StackDeployer deployer(AwsSession session, CommandSpec spec) {
      return AwsOptions.deployer(session, spec, poll.interval());
    }

    /** The prerequisites stack: STACK_ID_VPC, or the hands-on's name when it is not set yet. */
    static String prerequisitesStack(Map<SettingKey, String> values) {
      return values.getOrDefault(SettingKey.STACK_ID_VPC, PREREQUISITES_STACK);
    }
  }

  /** {@code --template-file} or {@code --template-url}. */
  static final class TemplateOptions {
    @Option(names = "--template-url", description = "The stack's template at an https:// (S3) URL (default: the hands-on's).")
    String url;

    @Option(names = "--template-file", description = "A local template file instead (sent inline: at most 51,200 bytes).")
    Path file;

    StackTemplate template(String defaultUrl) {
      return StackTemplate.choose(file, url, defaultUrl);
    }
  }

  static DryRunPlan dryRunCreate(String name, StackTemplate template, Map<String, String> parameters) {
    return new DryRunPlan().call("CloudFormation DescribeStacks", "StackName=" + name + " (an existing stack is reused)")
        .call("CloudFormation GetTemplateSummary", "(" + template.source() + ") to count its resources")
        .call("CloudFormation CreateStack", Stacks.createRequest(name, template, parameters))
        .call("CloudFormation DescribeStackEvents, DescribeStacks", "until " + name + " is CREATE_COMPLETE");
  }

  static Map<String, Object> result(Stack stack) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stack", stack.name());
    result.put("id", stack.id());
    result.put("status", stack.status());
    stack.reason().ifPresent(r -> result.put("reason", r));
    return result;
  }

  static Map<String, Object> deployed(StackDeployer.Deployment deployment) {
    Map<String, Object> result = result(deployment.stack());
    result.put("reused", deployment.reused());
    return result;
  }

  static int ok(StackOptions options, CommandSpec spec, Map<String, Object> result) {
    options.settings.printResult(spec.commandLine().getOut(), result);
    return ExitCode.OK.code();
  }

  static List<String> assignment(SettingKey key, String value) {
    return List.of(key.name() + "=" + value);
  }
}
