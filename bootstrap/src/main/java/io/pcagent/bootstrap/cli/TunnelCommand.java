package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.cli.ClusterCommands.ClusterOptions;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tunnel}: the agent's port on the head node, forwarded to this machine through SSM Session Manager, so that
 * nothing needs opening to the network. It runs the AWS CLI's {@code ssm start-session}, which the Session Manager
 * plugin carries out; the SDK has no client for the session's data channel.
 */
@Command(name = "tunnel", mixinStandardHelpOptions = true,
    description = "Forward a local port to the agent on the head node through SSM Session Manager (aws ssm start-session "
        + "with AWS-StartPortForwardingSession) until interrupted.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the session ended", "1:the session could not start or failed", "2:usage"})
final class TunnelCommand implements Callable<Integer> {
  private static final String DOCUMENT = "AWS-StartPortForwardingSession";
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  @Mixin ClusterOptions options;
  @Mixin AwsOptions aws;
  @Spec CommandSpec spec;

  @Mixin HeadNodeOption headNode;

  @Option(names = "--local-port", description = "The port on this machine (default: ${DEFAULT-VALUE}).")
  int localPort = 9810;

  @Option(names = "--remote-port", description = "The agent's port on the head node, http.port (default: ${DEFAULT-VALUE}).")
  int remotePort = 9810;

  @Option(names = "--aws-cli", description = "The AWS CLI v2, with the Session Manager plugin installed (default: ${DEFAULT-VALUE} on the PATH).")
  String awsCli = "aws";

  @Option(names = "--print", description = "Print the aws command (or, with --output json, its argv) instead of running it.")
  boolean print;

  @Override
  public Integer call() throws InterruptedException {
    for (int port : List.of(localPort, remotePort)) {
      if (port < 1 || port > 65535) {
        throw PcagentException.usage("--local-port and --remote-port must be from 1 to 65535, got " + port);
      }
    }
    Map<SettingKey, String> values = options.values();
    String name = options.required(values, SettingKey.CLUSTER_NAME);
    String region = options.required(values, SettingKey.AWS_REGION);
    PrintWriter out = spec.commandLine().getOut();
    if (options.settings.dryRun) {
      DryRunPlan plan = new DryRunPlan();
      plan.run(startSession(region, headNode.dryRun(options, values, name, plan))).print(options.settings, out);
      return ExitCode.OK.code();
    }
    String instance = headNode.resolve(options, values, name, "forward to");
    List<String> argv = startSession(region, instance);
    if (print) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("instanceId", instance);
      result.put("localPort", localPort);
      result.put("remotePort", remotePort);
      result.put("argv", argv);
      if (options.settings.json()) {
        options.settings.printResult(out, result);
      } else {
        out.println(argv.stream().map(TunnelCommand::shellWord).collect(Collectors.joining(" ")));
        out.flush();
      }
      return ExitCode.OK.code();
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf("forwarding localhost:%d to port %d of %s (cluster %s) through SSM until Ctrl-C; then: curl -s localhost:%d/v1/health%n",
        localPort, remotePort, instance, name, localPort);
    err.flush();
    return session(argv);
  }

  private List<String> startSession(String region, String instance) {
    List<String> argv = new ArrayList<>(List.of(awsCli, "ssm", "start-session", "--region", region, "--target", instance,
        "--document-name", DOCUMENT, "--parameters",
        "{\"portNumber\":[\"" + remotePort + "\"],\"localPortNumber\":[\"" + localPort + "\"]}"));
    aws.endpoint().ifPresent(url -> argv.addAll(List.of("--endpoint-url", url.toString())));
    return argv;
  }

  /**
   * Runs the session on this terminal. No timeout, unlike every other command: the session is meant to last until the
   * operator ends it, and the plugin reads the terminal for that.
   */
  private static int session(List<String> argv) throws InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(argv).inheritIO().start();
    } catch (IOException e) {
      throw PcagentException.failure("cannot run " + argv.get(0) + " (--aws-cli): " + e.getMessage()
          + "; the tunnel needs the AWS CLI v2 and its Session Manager plugin (session-manager-plugin) on this machine");
    }
    try {
      int exit = process.waitFor();
      if (exit != 0) {
        throw PcagentException.failure(String.join(" ", argv.subList(0, 3)) + " exited " + exit
            + " (its message is above; TargetNotConnected: the head node's SSM agent is not registered yet)");
      }
      return ExitCode.OK.code();
    } finally {
      process.destroy();
    }
  }

  private static String shellWord(String word) {
    return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
