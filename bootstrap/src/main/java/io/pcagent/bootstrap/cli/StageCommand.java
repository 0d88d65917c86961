package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stage.AgentBundle;
import io.pcagent.bootstrap.stage.S3Stage;
import io.pcagent.bootstrap.stage.StagedAgent;
import io.pcagent.cli.VersionProvider;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stage}: the agent bundle and its installer in S3, where the head node's OnNodeConfigured action fetches them. */
@Command(name = "stage", mixinStandardHelpOptions = true,
    description = "Upload the agent bundle (jar, default config, systemd units), its postinstall script and the compute "
        + "nodes' job-user step to "
        + "s3://BUCKET/PREFIX/LABEL/ with sha256 checksums; never replaces a different object. Writes staged-agent.yaml "
        + "for render.")
final class StageCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;
  @Mixin AwsOptions aws;
  @Spec CommandSpec spec;

  @Option(names = "--agent-jar", description = "The agent's jar (default: ${DEFAULT-VALUE}).")
  Path agentJar = Path.of("agent/target/pcluster-agent.jar");

  @Option(names = "--bucket", description = "The bucket (default: DATA_BUCKET_NAME).")
  String bucket;

  @Option(names = "--prefix", description = "Key prefix (default: ${DEFAULT-VALUE}).")
  String prefix = "pcluster-agent";

  @Option(names = "--label", description = "The version staged; objects under it are never replaced (default: this "
      + "program's version).")
  String label = VersionProvider.version();

  @Override
  public Integer call() {
    Map<SettingKey, String> values = settings.file().read();
    String target = bucket != null ? bucket : settings.required(values, SettingKey.DATA_BUCKET_NAME);
    if (!prefix.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")) {
      throw PcagentException.usage("--prefix must be key segments of letters, digits, '.', '_' or '-', got '" + prefix + "'");
    }
    AgentBundle bundle = AgentBundle.build(agentJar, label);
    String base = prefix + "/" + bundle.label() + "/";
    StagedAgent staged = new StagedAgent("s3://" + target + "/" + base + AgentBundle.POSTINSTALL,
        "s3://" + target + "/" + base + AgentBundle.ARCHIVE, bundle.sha256());
    PrintWriter out = spec.commandLine().getOut();
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put(base + AgentBundle.POSTINSTALL, bundle.postinstall());
    objects.put(base + AgentBundle.JOB_USER_STEP, bundle.jobUserStep());
    objects.put(base + AgentBundle.ARCHIVE, bundle.archive());
    if (settings.dryRun) {
      DryRunPlan plan = new DryRunPlan();
      objects.forEach((key, content) -> plan
          .call("S3 HeadObject", "s3://" + target + "/" + key + " (the same content is left alone, other content refused)")
          .call("S3 PutObject", S3Stage.putRequest(target, key, AgentBundle.sha256(content))));
      plan.change("write what was staged", settings.configDir.resolve(StagedAgent.NAME)).print(settings, out);
      return ExitCode.OK.code();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    try (AwsSession session = aws.session(values, settings)) {
      S3Stage stage = new S3Stage(session.s3());
      result.put("script", staged.script());
      result.put("script_upload", stage.put(target, base + AgentBundle.POSTINSTALL, bundle.postinstall()));
      result.put("job_user_step", "s3://" + target + "/" + base + AgentBundle.JOB_USER_STEP);
      result.put("job_user_step_upload", stage.put(target, base + AgentBundle.JOB_USER_STEP, bundle.jobUserStep()));
      result.put("bundle", staged.bundle());
      result.put("bundle_upload", stage.put(target, base + AgentBundle.ARCHIVE, bundle.archive()));
      result.put("sha256", bundle.sha256());
    }
    staged.write(settings.configDir);
    settings.printResult(out, result);
    return ExitCode.OK.code();
  }
}
