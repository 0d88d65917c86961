package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.pcluster.ClusterStatus;
import io.pcagent.bootstrap.pcluster.PclusterCli;
import io.pcagent.bootstrap.render.CreatedHeadNode;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stacks.StackDeployer;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.CommandRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code create}, {@code wait}, {@code status} and {@code delete}: the cluster itself, through the pcluster CLI. */
final class ClusterCommands {
  private ClusterCommands() {}

  /** What every cluster command shares: config.yaml, where pcluster is, how often to look. */
  static final class ClusterOptions {
    @Mixin SettingsOptions settings;

    @Option(names = "--pcluster", description = "The pcluster CLI (default: ${DEFAULT-VALUE} on the PATH).")
    String pcluster = "pcluster";

    @Mixin PollOptions poll;

    Map<SettingKey, String> values() {
      poll.interval();
      return settings.file().read();
    }

    String required(Map<SettingKey, String> values, SettingKey key) {
      return settings.required(values, key);
    }

    PclusterCli cli(Map<SettingKey, String> values) {
      return new PclusterCli(new CommandRunner(), pcluster, required(values, SettingKey.AWS_REGION));
    }

    /** The cluster as pcluster describes it; that it does not exist is a failure here. */
    static ClusterStatus existing(Optional<ClusterStatus> status, String name) {
      return status.orElseThrow(() -> new PcagentException(ExitCode.FAILURE, "cluster " + name + " does not exist"));
    }

    /** The head node's instance id, as pcluster describes the cluster; {@code purpose} completes "no head node to ...". */
    String headNode(Map<SettingKey, String> values, String name, String purpose) {
      ClusterStatus status = existing(cli(values).describe(name), name);
      return status.headNodeInstanceId().orElseThrow(() -> PcagentException.failure(
          "cluster " + name + " is " + status.clusterStatus() + " and has no head node to " + purpose + " yet"));
    }

    void dryRun(PrintWriter out, List<String> argv) {
      new DryRunPlan().run(argv).print(settings, out);
    }

    /** Where progress goes: stdout for text, stderr with {@code --output json} (stdout is then the result alone). */
    PrintWriter progress(CommandSpec spec) {
      return settings.json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
    }

    /** The cluster as pcluster describes it: its status lines, or one JSON object with {@code extra} added. */
    void show(PrintWriter out, ClusterStatus status, Map<String, Object> extra) {
      if (settings.json()) {
        Map<String, Object> result = view(status);
        result.putAll(extra);
        settings.printResult(out, result);
        return;
      }
      out.println(status.name() + ": " + status.clusterStatus() + " (stack " + status.stackStatus() + ")");
      status.failures().forEach(f -> out.println("  failure " + f.code() + ": " + f.reason()));
      extra.forEach((key, value) -> out.println(key + ": " + value));
      out.flush();
    }
  }

  static Map<String, Object> view(ClusterStatus status) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("cluster", status.name());
    view.put("clusterStatus", status.clusterStatus());
    view.put("stackStatus", status.stackStatus());
    view.put("version", status.version().orElse(null));
    view.put("headNodeInstanceId", status.headNodeInstanceId().orElse(null));
    List<Map<String, String>> failures = new ArrayList<>();
    status.failures().forEach(f -> failures.add(Map.of("code", f.code(), "reason", f.reason())));
    view.put("failures", failures);
    return view;
  }

  /** Polls until the cluster is no longer in progress (or gone); prints each change with the time elapsed. */
  static Optional<ClusterStatus> await(PclusterCli cli, String name, ClusterOptions options, PrintWriter out)
      throws InterruptedException {
    long started = System.nanoTime();
    String last = "";
    while (true) {
      Optional<ClusterStatus> status = cli.describe(name);
      String now = status.map(ClusterStatus::clusterStatus).orElse("gone");
      if (!now.equals(last)) {
        out.printf("[%4d s] %s: %s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds(), name, now);
        out.flush();
        last = now;
      }
      if (status.isEmpty() || !status.get().inProgress()) {
        return status;
      }
      Thread.sleep(options.poll.interval().toMillis());
    }
  }

  @Command(name = "pcluster-version", mixinStandardHelpOptions = true,
      description = "pcluster version against PCLUSTER_VERSION: exit 0 when the installed CLI is that version, 1 when not.")
  static final class PclusterVersion implements Callable<Integer> {
    @Mixin ClusterOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<SettingKey, String> values = options.values();
      String wanted = options.required(values, SettingKey.PCLUSTER_VERSION);
      PclusterCli cli = options.cli(values);
      if (options.settings.dryRun) {
        options.dryRun(spec.commandLine().getOut(), cli.versionCommand());
        return ExitCode.OK.code();
      }
      String installed = cli.version();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("installed", installed);
      result.put("configured", wanted);
      if (installed.equals(wanted)) {
        options.settings.printResult(spec.commandLine().getOut(), result);
        return ExitCode.OK.code();
      }
      String message = "pcluster " + installed + " is installed, but PCLUSTER_VERSION is " + wanted
          + ": pip install aws-parallelcluster==" + wanted + " (in the venv of the hands-on), or set PCLUSTER_VERSION=" + installed;
      if (options.settings.json()) { // one object on stdout: the comparison and why it failed, as every failure is
        result.put("message", spec.commandLine().getCommandName() + ": " + message);
        result.put("exitCode", ExitCode.FAILURE.code());
      }
      options.settings.printResult(spec.commandLine().getOut(), result);
      spec.commandLine().getErr().println(spec.commandLine().getCommandName() + ": " + message);
      spec.commandLine().getErr().flush();
      return ExitCode.FAILURE.code();
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "pcluster create-cluster with the rendered cluster.yaml; records the head node's actions that "
      + "update-cluster cannot change in " + CreatedHeadNode.NAME + " for render.")
  static final class Create implements Callable<Integer> {
    @Mixin ClusterOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<SettingKey, String> values = options.values();
      String name = options.required(values, SettingKey.CLUSTER_NAME);
      Path cluster = options.settings.configDir.resolve("cluster.yaml");
      if (!Files.isRegularFile(cluster)) {
        throw PcagentException.usage(cluster + " does not exist: write it with pcluster-bootstrap render");
      }
      PrintWriter out = spec.commandLine().getOut();
      PclusterCli cli = options.cli(values);
      if (options.settings.dryRun) {
        options.dryRun(out, cli.createCommand(name, cluster));
        return ExitCode.OK.code();
      }
      ClusterStatus created = cli.create(name, cluster);
      CreatedHeadNode.record(cluster, options.settings.configDir);
      options.show(out, created, Map.of());
      return ExitCode.OK.code();
    }
  }

  @Command(name = "wait", mixinStandardHelpOptions = true,
      description = "Wait until the cluster is created. On CREATE_FAILED, print why and where the logs are; exit 1.")
  static final class Wait implements Callable<Integer> {
    @Mixin ClusterOptions options;
    @Mixin AwsOptions aws;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      Map<SettingKey, String> values = options.values();
      String name = options.required(values, SettingKey.CLUSTER_NAME);
      PrintWriter out = spec.commandLine().getOut();
      if (options.settings.dryRun) {
        // waiting changes nothing, but it does ask pcluster and CloudFormation, again and again: a dry run asks nobody
        options.dryRun(out, options.cli(values).describeCommand(name));
        return ExitCode.OK.code();
      }
      PrintWriter progress = options.progress(spec);
      progress.println("waiting for " + name + " (Ctrl-C stops waiting, not the creation: run wait again to resume)");
      progress.flush();
      followStack(values, name, progress);
      ClusterStatus status = ClusterOptions.existing(await(options.cli(values), name, options, progress), name);
      if (status.clusterStatus().equals("CREATE_COMPLETE")) {
        options.show(out, status, Map.of());
        return ExitCode.OK.code();
      }
      options.show(out, status, Map.of("logs", "CloudWatch log group /aws/parallelcluster/" + name + "-<creation time>, or: "
          + "pcluster export-cluster-logs --cluster-name " + name + " --region " + values.get(SettingKey.AWS_REGION) + " --bucket <bucket>"));
      return ExitCode.FAILURE.code();
    }

    /** The cluster's CloudFormation stack, which pcluster names after it, event by event; pcluster's status alone without it. */
    private void followStack(Map<SettingKey, String> values, String name, PrintWriter progress) throws InterruptedException {
      try (AwsSession session = aws.session(values, options.settings)) {
        AwsOptions.deployer(session, spec, options.poll.interval()).follow(name);
      } catch (PcagentException | SdkException e) {
        progress.println("not following the stack's events (" + e.getMessage() + "): pcluster's status only");
        progress.flush();
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "pcluster describe-cluster, briefly.")
  static final class Status implements Callable<Integer> {
    @Mixin ClusterOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<SettingKey, String> values = options.values();
      String name = options.required(values, SettingKey.CLUSTER_NAME);
      if (options.settings.dryRun) {
        options.dryRun(spec.commandLine().getOut(), options.cli(values).describeCommand(name));
        return ExitCode.OK.code();
      }
      options.show(spec.commandLine().getOut(), ClusterOptions.existing(options.cli(values).describe(name), name), Map.of());
      return ExitCode.OK.code();
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete the cluster and wait until it is gone (a cluster that does not exist is already deleted); with "
          + "--with-prereqs, then the prerequisites stack. The data bucket and its stack are kept.")
  static final class Delete implements Callable<Integer> {
    @Mixin ClusterOptions options;
    @Mixin AwsOptions aws;
    @Spec CommandSpec spec;

    @Option(names = "--with-prereqs", description = "Also delete the prerequisites stack (STACK_ID_VPC): the VPC and both "
        + "FSx file systems, with their data; what the data repository association exported stays in the bucket.")
    boolean withPrereqs;

    @Override
    public Integer call() throws InterruptedException {
      Map<SettingKey, String> values = options.values();
      String name = options.required(values, SettingKey.CLUSTER_NAME);
      String stack = withPrereqs ? options.required(values, SettingKey.STACK_ID_VPC) : null;
      PrintWriter out = spec.commandLine().getOut();
      PclusterCli cli = options.cli(values);
      if (options.settings.dryRun) {
        DryRunPlan plan = new DryRunPlan().run(cli.deleteCommand(name));
        if (withPrereqs) {
          PrereqsCommand.deleteDryRun(plan, stack);
        }
        plan.print(options.settings, out);
        return ExitCode.OK.code();
      }
      PrintWriter progress = options.progress(spec);
      if (cli.delete(name)) {
        Optional<ClusterStatus> left = await(cli, name, options, progress);
        if (left.isPresent()) {
          options.show(out, left.get(), Map.of());
          return ExitCode.FAILURE.code();
        }
      }
      CreatedHeadNode.forget(options.settings.configDir);
      Map<String, Object> prereqs = null;
      if (withPrereqs) {
        try (AwsSession session = aws.session(values, options.settings)) {
          StackDeployer deployer = AwsOptions.deployer(session, spec, options.poll.interval());
          prereqs = PrereqsCommand.delete(deployer, stack);
        }
      }
      if (options.settings.json()) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cluster", name);
        result.put("deleted", true);
        result.put("prereqs", prereqs);
        options.settings.printResult(out, result);
      } else {
        out.println(name + " deleted");
        out.flush();
        if (prereqs != null) {
          options.settings.printResult(out, prereqs);
        }
      }
      return ExitCode.OK.code();
    }
  }
}
