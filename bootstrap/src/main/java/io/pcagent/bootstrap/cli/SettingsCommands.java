package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.settings.SettingsFile;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code init}, {@code set} and {@code show}: config.yaml, typed and validated, as the hands-on builds it with yq. */
final class SettingsCommands {
  private SettingsCommands() {}

  private static Integer done(CommandSpec spec, SettingsOptions options, Map<SettingKey, String> values) {
    PrintWriter err = spec.commandLine().getErr();
    SettingsFile.warnings(values).forEach(warning -> err.println("warning: " + warning));
    err.flush();
    options.print(spec.commandLine().getOut(), values);
    return ExitCode.OK.code();
  }

  @Command(name = "init", mixinStandardHelpOptions = true, description = "Create config.yaml with the cluster's name, region and ParallelCluster version.")
  static final class Init implements Callable<Integer> {
    @Mixin SettingsOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--cluster-name", required = true, description = "CLUSTER_NAME, e.g. ml-cluster.")
    String clusterName;

    @Option(names = "--region", required = true, description = "AWS_REGION, e.g. ap-northeast-1.")
    String region;

    @Option(names = "--pcluster-version", required = true, description = "PCLUSTER_VERSION, e.g. 3.13.1.")
    String version;

    @Override
    public Integer call() {
      SettingsFile file = options.file();
      if (file.exists()) {
        throw new PcagentException(ExitCode.FAILURE, file.path() + " already exists: change it with 'pcluster-bootstrap set'");
      }
      return done(spec, options, file.set(List.of("CLUSTER_NAME=" + clusterName, "AWS_REGION=" + region,
          "PCLUSTER_VERSION=" + version), options.dryRun));
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set keys of config.yaml (KEY=VALUE; KEY= removes one).")
  static final class Set implements Callable<Integer> {
    @Mixin SettingsOptions options;
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "KEY=VALUE", description = "e.g. AZ=ap-northeast-1a NUM_INSTANCES=3")
    List<String> assignments;

    @Override
    public Integer call() {
      return done(spec, options, options.file().set(assignments, options.dryRun));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show config.yaml, validated.")
  static final class Show implements Callable<Integer> {
    @Mixin SettingsOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return done(spec, options, options.file().read());
    }
  }
}
