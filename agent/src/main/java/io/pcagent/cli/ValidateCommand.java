package io.pcagent.cli;

import io.pcagent.config.AgentConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.health.ExpectedNodes;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.smoke.SmokeTestRequest;
import io.pcagent.smoke.SmokeTests;
import io.pcagent.storage.ExpectedMounts;
import io.pcagent.validate.AgentValidation;
import io.pcagent.validate.DirectValidation;
import io.pcagent.cli.ProgressLine;
import io.pcagent.validate.ReportWriter;
import io.pcagent.validate.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Post-create validation: Slurm answers, the expected nodes are there and usable, and a smoke test passes "
        + "on every node. Through the agent when --url answers, else straight to Slurm.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:pass", "1:fail", "2:usage", "3:agent and Slurm unreachable"})
public final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--url", description = "The agent's base URL (default: ${DEFAULT-VALUE}).")
  URI url = URI.create("http://127.0.0.1:9810");

  @Option(names = "--direct", description = "Do not use the agent: run the checks and the smoke test against Slurm.")
  boolean direct;

  @Option(names = "--token-file", description = "The agent's API token (default: auth.tokenFile of the configuration).")
  Path tokenFile;

  @Mixin ConfigOptions configuration;

  @Option(names = "--wait", description = "Wait (up to --timeout) for the agent or Slurm to answer instead of failing at once.")
  boolean waitForCluster;

  @Option(names = "--timeout", description = "Seconds for the whole validation (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 900;

  @Option(names = "--expect-nodes", description = "Nodes the cluster must have (default: health.expectedNodes of the "
      + "configuration, else the static nodes of the head node's cluster-config.yaml).")
  Integer expectNodes;

  @Option(names = "--partition", description = "Validate this partition only (repeatable; default all).")
  List<String> partitions = new ArrayList<>();

  @Option(names = "--tasks-per-node", description = "Smoke-test tasks on each node (default: ${DEFAULT-VALUE}).")
  int tasksPerNode = 1;

  @Option(names = "--shared-dir", description = "Shared folder to check across nodes (repeatable; default: the shared "
      + "mounts the agent watches, storage.mounts and ParallelCluster's SharedStorage).")
  List<String> sharedDirs = new ArrayList<>();

  @Option(names = "--container-image", description = "Also start this image on every node through Pyxis "
      + "(srun --container-image), e.g. /fsx/ubuntu.sqsh or docker://ubuntu:22.04.")
  String containerImage;

  @Option(names = "--junit", description = "Also write a JUnit XML report here: one test case per check and per node.")
  Path junit;

  @Option(names = "--output", description = "text or json (default: ${DEFAULT-VALUE}).")
  String output = "text";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw PcagentException.usage("--output must be text or json, got '" + output + "'");
    }
    if (timeoutSeconds < 10 || (expectNodes != null && expectNodes < 1) || tasksPerNode < 1) {
      throw PcagentException.usage("--timeout must be at least 10, --expect-nodes and --tasks-per-node at least 1");
    }
    AgentConfig agentConfig = configuration.load();
    SmokeTestRequest request = new SmokeTestRequest(partitions, List.of(), tasksPerNode, Math.max(10, timeoutSeconds - 30),
        sharedDirs.isEmpty() ? ExpectedMounts.sharedDirs(agentConfig.storage()) : sharedDirs, false, containerImage);
    OptionalInt expected = expectNodes == null ? ExpectedNodes.of(agentConfig.health(), agentConfig.storage())
        : OptionalInt.of(expectNodes);
    PrintWriter err = spec.commandLine().getErr();
    ValidationReport report = validate(agentConfig, request, expected, err);
    PrintWriter out = spec.commandLine().getOut();
    out.print(output.equals("json") ? ReportWriter.json(report) : ReportWriter.text(report));
    out.flush();
    if (junit != null) {
      Files.writeString(junit, ReportWriter.junit(report));
    }
    return report.passed() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
  }

  private ValidationReport validate(AgentConfig agentConfig, SmokeTestRequest request, OptionalInt expected, PrintWriter err)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    ProgressLine progress = new ProgressLine(err, System.console() != null);
    while (true) {
      if (!direct) {
        if (new AgentValidation(url, null, progress).answers()) {
          return new AgentValidation(url, token(agentConfig), progress)
              .run(request, expected, Duration.ofNanos(deadline - System.nanoTime()));
        }
        err.println("no agent at " + url + ": validating straight against Slurm");
        err.flush();
      }
      try {
        SlurmClient slurm = new SlurmClient(new CommandRunner(), agentConfig.slurm());
        return new DirectValidation(slurm, new SmokeTests(slurm, agentConfig.runs().dir()), progress)
            .run(request, expected, "validate-" + System.currentTimeMillis());
      } catch (PcagentException e) {
        if (e.exitCode() != ExitCode.UNREACHABLE || !waitForCluster || System.nanoTime() > deadline) {
          throw e;
        }
        err.println(e.getMessage() + "; retrying");
        err.flush();
        Thread.sleep(5000);
      }
    }
  }

  private String token(AgentConfig agentConfig) throws IOException {
    Path file = tokenFile != null ? tokenFile : agentConfig.auth().tokenFile();
    if (!Files.isReadable(file)) {
      throw PcagentException.usage("cannot read the API token " + file + " (give --token-file)");
    }
    return Files.readString(file).strip();
  }
}
