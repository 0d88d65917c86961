package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.cli.StackCommands.StackOptions;
import io.pcagent.bootstrap.fsx.Association;
import io.pcagent.bootstrap.fsx.Associations;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.time.Clock;
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

/** {@code dra create|status}: the FSx for Lustre path linked to the data bucket. */
@Command(name = "dra", mixinStandardHelpOptions = true,
    description = "The data repository association between FSx for Lustre and the data bucket.",
    subcommands = {DraCommand.Create.class, DraCommand.Status.class})
final class DraCommand extends CommandGroup {
  /** What both subcommands take: the file system path, besides config.yaml and AWS. */
  static final class DraOptions {
    @Mixin StackOptions stack;

    @Option(names = "--file-system-path", description = "The path in the Lustre file system (default: ${DEFAULT-VALUE}, "
        + "mounted as /fsx/data).")
    String path = "/data";

    String path() {
      if (!path.matches("/[\\w./-]{1,4095}") || path.contains("..")) {
        throw PcagentException.usage("--file-system-path must be an absolute path such as /data, got '" + path + "'");
      }
      return path;
    }

    Associations associations(AwsSession session) {
      return new Associations(session.fsx(), Clock.systemUTC(), stack.poll.interval());
    }
  }

  static Map<String, Object> result(Association association) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("association", association.id());
    result.put("file_system", association.fileSystemId());
    result.put("path", association.fileSystemPath());
    result.put("repository", association.repositoryPath());
    result.put("lifecycle", association.lifecycle());
    association.failure().ifPresent(f -> result.put("failure", f));
    return result;
  }

  /** AVAILABLE is success; FAILED and MISCONFIGURED come with AWS's own explanation. */
  static int verdict(DraOptions options, CommandSpec spec, Association association, Map<String, Object> result) {
    options.stack.settings.printResult(spec.commandLine().getOut(), result);
    if (association.available()) {
      return ExitCode.OK.code();
    }
    if (!association.settling()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("association " + association.id() + " is " + association.lifecycle()
          + association.failure().map(f -> ": " + f).orElse(""));
      err.flush();
    }
    return ExitCode.FAILURE.code();
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Link the path to s3://DATA_BUCKET_NAME (auto import and export of new, changed and deleted objects) "
          + "and wait until AVAILABLE. An association already there is reused.")
  static final class Create implements Callable<Integer> {
    @Mixin DraOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      Map<SettingKey, String> values = options.stack.values();
      String fileSystem = options.stack.settings.required(values, SettingKey.FSxLustreFilesystemId);
      String bucket = options.stack.settings.required(values, SettingKey.DATA_BUCKET_NAME);
      var request = Associations.createRequest(fileSystem, options.path(), bucket);
      if (options.stack.settings.dryRun) {
        new DryRunPlan().call("FSx DescribeDataRepositoryAssociations", "file-system-id=" + fileSystem
                + " (an association at " + options.path() + " is reused)")
            .call("FSx CreateDataRepositoryAssociation", request)
            .call("FSx DescribeDataRepositoryAssociations", "until the association is AVAILABLE")
            .print(options.stack.settings, spec.commandLine().getOut());
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.stack.session(values)) {
        Associations associations = options.associations(session);
        Optional<Association> existing = associations.at(fileSystem, options.path());
        if (existing.isPresent() && !existing.get().repositoryPath().equals(request.dataRepositoryPath())) {
          throw PcagentException.failure(fileSystem + ":" + options.path() + " is linked to " + existing.get().repositoryPath()
              + " already (association " + existing.get().id() + "), not to " + request.dataRepositoryPath());
        }
        Association created = existing.orElseGet(() -> associations.create(request));
        Association settled = associations.await(created, AwsOptions.progress(spec.commandLine().getErr()));
        Map<String, Object> result = result(settled);
        result.put("reused", existing.isPresent());
        return verdict(options, spec, settled, result);
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The association at the path. Exit 0 only when it is AVAILABLE.")
  static final class Status implements Callable<Integer> {
    @Mixin DraOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<SettingKey, String> values = options.stack.values();
      String fileSystem = options.stack.settings.required(values, SettingKey.FSxLustreFilesystemId);
      if (options.stack.settings.dryRun) {
        new DryRunPlan().call("FSx DescribeDataRepositoryAssociations", "file-system-id=" + fileSystem)
            .print(options.stack.settings, spec.commandLine().getOut());
        return ExitCode.OK.code();
      }
      try (AwsSession session = options.stack.session(values)) {
        List<Association> all = options.associations(session).list(fileSystem);
        Association association = all.stream().filter(a -> a.fileSystemPath().equals(options.path())).findFirst()
            .orElseThrow(() -> PcagentException.failure("no association at " + fileSystem + ":" + options.path()
                + (all.isEmpty() ? "" : " (there are: " + all.stream().map(a -> a.fileSystemPath()).toList() + ")")
                + "; create it with: pcluster-bootstrap dra create"));
        return verdict(options, spec, association, result(association));
      }
    }
  }
}
