package io.pcagent.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.cli.ClusterCommands.ClusterOptions;
import io.pcagent.bootstrap.render.ExpectedNodes;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.ssm.RemoteCommand.Outcome;
import io.pcagent.bootstrap.ssm.RemoteCommand;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/** {@code validate}: the agent's post-create validation, run on the head node through SSM, its verdict as exit code. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Run 'pcluster-agent validate --output json' on the head node through SSM Run Command and return its "
        + "verdict.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:pass", "1:fail", "2:usage", "3:the validation could not run (SSM, the head node, the agent)"})
final class RemoteValidateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Mixin ClusterOptions options;
  @Mixin AwsOptions aws;
  @Spec CommandSpec spec;

  @Mixin HeadNodeOption headNode;

  @Option(names = "--agent-command", description = "The agent on the head node (default: ${DEFAULT-VALUE}).")
  String agentCommand = "/opt/pcluster-agent/bin/pcluster-agent";

  @Option(names = "--timeout-minutes", description = "How long the validation may run on the head node (default: ${DEFAULT-VALUE}).")
  int timeoutMinutes = 30;

  @Override
  public Integer call() throws InterruptedException {
    Map<SettingKey, String> values = options.values();
    if (timeoutMinutes < 1 || timeoutMinutes > 48 * 60) {
      throw PcagentException.usage("--timeout-minutes must be from 1 to 2880, got " + timeoutMinutes);
    }
    String name = options.required(values, SettingKey.CLUSTER_NAME);
    PrintWriter out = spec.commandLine().getOut();
    if (options.settings.dryRun) {
      DryRunPlan plan = new DryRunPlan();
      plan.call("SSM SendCommand", request(headNode.dryRun(options, values, name, plan)))
          .call("SSM GetCommandInvocation", "until the command has ended").print(options.settings, out);
      return ExitCode.OK.code();
    }
    String instance = headNode.resolve(options, values, name, "validate on");
    try (AwsSession session = aws.session(values, options.settings)) {
      RemoteCommand remote = new RemoteCommand(session.ssm(), Clock.systemUTC(), options.poll.interval());
      Outcome outcome = remote.run(request(instance), AwsOptions.progress(spec.commandLine().getErr()));
      return verdict(instance, outcome, out);
    }
  }

  private SendCommandRequest request(String instance) {
    List<String> argv = new ArrayList<>(List.of(agentCommand, "validate", "--output", "json"));
    expectedNodes().ifPresent(count -> argv.addAll(List.of("--expect-nodes", Integer.toString(count))));
    return RemoteCommand.request(instance, argv, Duration.ofMinutes(timeoutMinutes), "pcluster-bootstrap validate");
  }

  /**
   * The static nodes of the cluster.yaml that render wrote, as the head node's installer was told; without one the
   * agent's own health.expectedNodes counts. A cluster of dynamic nodes only has no count to check.
   */
  private OptionalInt expectedNodes() {
    Path cluster = options.settings.configDir.resolve("cluster.yaml");
    if (!Files.isRegularFile(cluster)) {
      return OptionalInt.empty();
    }
    try {
      JsonNode tree = YAML.readTree(cluster.toFile());
      int count = tree == null ? 0 : ExpectedNodes.of(tree);
      return count > 0 ? OptionalInt.of(count) : OptionalInt.empty();
    } catch (IOException e) {
      throw PcagentException.usage(cluster + ": not valid YAML: " + e.getMessage());
    }
  }

  /** The agent's exit code 0 or 1 with its JSON report is a verdict; anything else means it could not judge. */
  private int verdict(String instance, Outcome outcome, PrintWriter out) {
    JsonNode report = report(outcome);
    if (report == null || (outcome.exitCode() != 0 && outcome.exitCode() != 1)) {
      String why = outcome.stdout().length() >= RemoteCommand.MAX_OUTPUT
          ? " (its output is cut at " + RemoteCommand.MAX_OUTPUT + " characters by SSM: run it on the head node to see all)" : "";
      throw new PcagentException(ExitCode.UNREACHABLE, RemoteCommand.notRun(instance, outcome).getMessage() + why);
    }
    String verdict = report.path("verdict").asText();
    if (options.settings.json()) {
      out.print(outcome.stdout());
    } else {
      out.println("Validation on " + instance + ": " + verdict.toUpperCase(Locale.ROOT));
      report.path("checks").forEach(c -> out.printf("  %-8s %-18s %s%n", c.path("status").asText(), c.path("name").asText(),
          c.path("detail").asText()));
      report.path("nodes").forEach(n -> out.printf("  %-8s %-40s %s%n", n.path("result").asText(), n.path("node").asText(),
          n.path("detail").asText()));
    }
    out.flush();
    return (verdict.equals("pass") ? ExitCode.OK : ExitCode.FAILURE).code();
  }

  private static JsonNode report(Outcome outcome) {
    try {
      JsonNode report = JSON.readTree(outcome.stdout());
      return report != null && report.path("verdict").isTextual() ? report : null;
    } catch (IOException e) {
      return null;
    }
  }
}
