package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.render.AgentAction;
import io.pcagent.bootstrap.render.ClusterRenderer;
import io.pcagent.bootstrap.render.CreatedHeadNode;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stage.StagedAgent;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.text.ClasspathText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Write cluster.yaml from a template (built in: the hands-on's cluster) and config.yaml, with the agent's "
        + "actions and the IAM they need. Once create recorded " + CreatedHeadNode.NAME + ", the head node's "
        + "OnNodeStart and OnNodeConfigured stay as the cluster was created (update-cluster cannot change them); a new "
        + "stage reaches the head node through OnNodeUpdated.")
final class RenderCommand implements Callable<Integer> {
  @Mixin SettingsOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--template", description = "A cluster template with ${KEY} variables (default: the built-in one).")
  Path template;

  @Option(names = "--agent-script", description = "URI of the staged postinstall script (s3:// or https://; default: "
      + "what stage wrote to staged-agent.yaml).")
  String agentScript;

  @Option(names = "--agent-bundle", description = "URI of the staged agent bundle.")
  String agentBundle;

  @Option(names = "--agent-sha256", description = "sha256 of the agent bundle.")
  String agentSha256;

  @Option(names = "--agent-arg", description = "An option passed on to the agent's installer (repeatable).")
  List<String> agentArgs = new ArrayList<>();

  @Option(names = "--no-agent", description = "Leave the agent out of cluster.yaml.")
  boolean noAgent;

  @Override
  public Integer call() throws IOException {
    Map<SettingKey, String> settings = options.file().read();
    String text = template == null ? ClasspathText.read(ClusterRenderer.class, "cluster-template.yaml") : readTemplate();
    String cluster = ClusterRenderer.render(text, settings, agent(), CreatedHeadNode.read(options.configDir));
    Path out = options.configDir.resolve("cluster.yaml");
    PrintWriter stdout = spec.commandLine().getOut();
    if (options.dryRun && options.json()) {
      options.printResult(stdout, Map.of("dryRun", true, "cluster", cluster));
    } else if (options.dryRun) {
      stdout.print(cluster);
    } else {
      Files.writeString(out, cluster);
      if (options.json()) {
        options.printResult(stdout, Map.of("wrote", out.toString()));
      } else {
        stdout.println("wrote " + out);
      }
    }
    stdout.flush();
    return ExitCode.OK.code();
  }

  private Optional<AgentAction> agent() {
    if (noAgent) {
      return Optional.empty();
    }
    if (agentScript == null && agentBundle == null && agentSha256 == null) {
      Optional<StagedAgent> staged = StagedAgent.read(options.configDir);
      if (staged.isPresent()) {
        agentScript = staged.get().script();
        agentBundle = staged.get().bundle();
        agentSha256 = staged.get().sha256();
      }
    }
    if (agentScript == null || agentBundle == null || agentSha256 == null) {
      throw PcagentException.usage("the agent's action needs --agent-script, --agent-bundle and --agent-sha256, "
          + "or what 'stage' wrote to " + StagedAgent.NAME + ", or --no-agent");
    }
    try {
      return Optional.of(new AgentAction(agentScript, agentBundle, agentSha256, agentArgs));
    } catch (IllegalArgumentException e) {
      throw PcagentException.usage(e.getMessage());
    }
  }

  private String readTemplate() throws IOException {
    try {
      return Files.readString(template);
    } catch (NoSuchFileException e) {
      throw PcagentException.usage(template + ": no such file");
    }
  }
}
