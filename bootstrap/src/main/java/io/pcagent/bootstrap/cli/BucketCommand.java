package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.cli.StackCommands.StackOptions;
import io.pcagent.bootstrap.cli.StackCommands.TemplateOptions;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stacks.StackDeployer;
import io.pcagent.bootstrap.stacks.StackTemplate;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bucket create}: the optional S3 bucket for training data and checkpoints, as the hands-on's stack. */
@Command(name = "bucket", mixinStandardHelpOptions = true, description = "The S3 bucket for data and checkpoints (optional).",
    subcommands = BucketCommand.Create.class)
final class BucketCommand extends CommandGroup {
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create the bucket's stack and wait; set DATA_BUCKET_NAME from its output S3BucketName. "
          + "An existing stack is reused.")
  static final class Create implements Callable<Integer> {
    @Mixin StackOptions options;
    @Mixin TemplateOptions templateOptions;
    @Spec CommandSpec spec;

    @Option(names = "--stack-name", description = "The bucket's stack (default: ${DEFAULT-VALUE}).")
    String stackName = StackCommands.BUCKET_STACK;

    @Option(names = "--bucket-name", description = "The bucket (default: DATA_BUCKET_NAME, else <stack>-<region>-<epoch seconds>).")
    String bucketName;

    @Override
    public Integer call() throws InterruptedException {
      Map<SettingKey, String> values = options.values();
      String bucket = bucketName(values);
      options.settings.file().set(StackCommands.assignment(SettingKey.DATA_BUCKET_NAME, bucket), true);
      Map<String, String> parameters = Map.of("S3BucketName", bucket);
      StackTemplate template = templateOptions.template(StackCommands.BUCKET_TEMPLATE);
      PrintWriter out = spec.commandLine().getOut();
      if (options.settings.dryRun) {
        StackCommands.dryRunCreate(stackName, template, parameters)
            .change("set DATA_BUCKET_NAME from the stack's output S3BucketName", options.settings.file().path())
            .print(options.settings, out);
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.session(values)) {
        StackDeployer.Deployment deployment = options.deployer(session, spec).create(stackName, template, parameters);
        String created = deployment.stack().outputs().get("S3BucketName");
        if (created == null) {
          throw PcagentException.failure("stack " + stackName + " has no output S3BucketName: is " + template.source()
              + " the bucket template?");
        }
        options.settings.file().set(StackCommands.assignment(SettingKey.DATA_BUCKET_NAME, created), false);
        Map<String, Object> result = StackCommands.deployed(deployment);
        result.put("bucket", created);
        return StackCommands.ok(options, spec, result);
      }
    }

    private String bucketName(Map<SettingKey, String> values) {
      if (bucketName != null) {
        return bucketName;
      }
      return values.getOrDefault(SettingKey.DATA_BUCKET_NAME, stackName + "-"
          + options.settings.required(values, SettingKey.AWS_REGION) + "-" + Clock.systemUTC().instant().getEpochSecond());
    }
  }
}
