package io.pcagent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.bootstrap.aws.Scenarios;
import io.pcagent.bootstrap.cli.BootstrapCommand;
import io.pcagent.bootstrap.pcluster.StandInPcluster;
import io.pcagent.cli.CliRunner;
import io.pcagent.testing.aws.FakeAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's promise, for every command of the tree (read from Picocli, so a new command is in without a line here):
 * with {@code --dry-run} nothing is asked of AWS or pcluster; with {@code --output json}, stdout is one JSON object
 * whatever happens, a failure {@code {"message": ..., "exitCode": N}} with N the exit code, as the pcluster CLI answers.
 */
class JsonContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "cluster-data-bucket-ap-northeast-1-1733980000";

  @TempDir Path dir;
  private FakeAws aws;
  private Path pcluster;
  private Path jar;

  @BeforeEach
  void setUp() throws Exception {
    aws = Scenarios.handsOn(BUCKET);
    pcluster = StandInPcluster.install(dir.resolve("tools"));
    jar = Files.write(dir.resolve("pcluster-agent.jar"), new byte[] {'P', 'K', 3, 4});
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  @Test
  void everyCommandWithDryRunAsksNobodyAndAnswersOneJsonObject() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    for (String[] step : List.of(new String[] {"init"}, new String[] {"set"}, new String[] {"bucket", "create"},
        new String[] {"prereqs", "create"}, new String[] {"outputs"}, new String[] {"dra", "create"}, new String[] {"stage"},
        new String[] {"render"})) {
      BootstrapRun run = BootstrapRun.of(arguments(List.of(step), config).toArray(String[]::new));
      assertThat(run.exitCode()).as(String.join(" ", step) + "\n" + run).isZero();
    }
    int awsCalls = aws.calls().size();
    String pclusterCalls = pclusterCalls();

    for (List<String> command : commands()) {
      // init refuses a folder that has config.yaml, dry run or not
      List<String> args = arguments(command, command.get(0).equals("init") ? dir.resolve("new") : config);
      args.addAll(List.of("--dry-run", "--output", "json"));
      BootstrapRun run = BootstrapRun.of(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isZero();
      JsonNode answer = JSON.readTree(run.out());
      assertThat(answer.isObject()).as("%s: one JSON object on stdout, got %s", command, run.out()).isTrue();
      assertThat(aws.calls()).as("%s --dry-run called AWS", command).hasSize(awsCalls);
      assertThat(pclusterCalls()).as("%s --dry-run ran pcluster", command).isEqualTo(pclusterCalls);
      if (!List.of("init", "set", "show").contains(command.get(0))) {
        assertThat(answer.path("dryRun").asBoolean()).as("%s: %s", command, run.out()).isTrue();
        // render's dry run is the document it would write; the others list what they would do
        assertThat(answer.has("actions") || answer.has("cluster")).as("%s: %s", command, run.out()).isTrue();
      }
    }
  }

  @Test
  void everyFailureWithOutputJsonIsOneJsonObjectOnStdoutWithItsExitCode() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    for (List<String> command : commands()) {
      List<String> args = arguments(command, empty);
      args.addAll(List.of("--output", "json"));
      if (List.of("init", "set").contains(command.get(0))) {
        args.add("--no-such-option"); // they make the missing config.yaml: fail them on their usage instead
      }
      BootstrapRun run = BootstrapRun.of(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isNotZero();
      JsonNode answer = JSON.readTree(run.out());
      assertThat(answer.path("exitCode").asInt()).as("%s: %s", command, run).isEqualTo(run.exitCode());
      assertThat(answer.path("message").asText()).as("%s", command).startsWith(command.get(command.size() - 1) + ": ")
          .isEqualTo(run.err().lines().findFirst().orElseThrow());
    }
  }

  @Test
  void aUsageErrorIsJsonTooAndTextModeKeepsStdoutClean() throws Exception {
    BootstrapRun json = BootstrapRun.of("status", "--output", "json", "--poll-seconds", "x");
    assertThat(json.exitCode()).isEqualTo(2);
    assertThat(JSON.readTree(json.out()).path("message").asText()).startsWith("status: Invalid value for option '--poll-seconds'");

    BootstrapRun text = BootstrapRun.of("status", "--config-dir", dir.resolve("nowhere").toString());
    assertThat(text.exitCode()).isNotZero();
    assertThat(text.out()).isEmpty();
  }

  /** Every leaf of the command tree, as the words that name it ({@code [prereqs, create]}). */
  private static List<List<String>> commands() {
    List<List<String>> leaves = new ArrayList<>();
    collect(CliRunner.commandLine(new BootstrapCommand()), new ArrayList<>(), leaves);
    assertThat(leaves).hasSizeGreaterThan(20);
    return leaves;
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> leaves) {
    if (command.getSubcommands().isEmpty()) {
      leaves.add(List.copyOf(path));
      return;
    }
    command.getSubcommands().forEach((name, sub) -> {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(name);
      collect(sub, deeper, leaves);
    });
  }

  /** The command with what it needs to run here: its settings, the local AWS endpoint, the stand-in pcluster. */
  private List<String> arguments(List<String> command, Path config) {
    List<String> args = new ArrayList<>(command);
    CommandLine.Model.CommandSpec spec = leaf(command);
    switch (command.get(0)) {
      case "init" -> args.addAll(List.of("--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1"));
      case "set" -> args.addAll(List.of("AZ=ap-northeast-1a", "HEAD_NODE_INSTANCE_TYPE=c5.9xlarge", "NUM_INSTANCES=3",
          "INSTANCE=c5n.9xlarge", "KEYPAIR_NAME=my-keypair"));
      default -> { }
    }
    args.addAll(List.of("--config-dir", config.toString()));
    addIfTaken(spec, args, "--endpoint-url", aws.endpoint().toString());
    addIfTaken(spec, args, "--pcluster", pcluster.toString());
    addIfTaken(spec, args, "--poll-seconds", "0");
    addIfTaken(spec, args, "--agent-jar", jar.toString());
    addIfTaken(spec, args, "--label", "0.1.0");
    addIfTaken(spec, args, "--key-file", dir.resolve("keys/my-keypair.pem").toString());
    return args;
  }

  private static void addIfTaken(CommandLine.Model.CommandSpec spec, List<String> args, String option, String value) {
    if (spec.findOption(option) != null) {
      args.addAll(List.of(option, value));
    }
  }

  private static CommandLine.Model.CommandSpec leaf(List<String> command) {
    CommandLine line = CliRunner.commandLine(new BootstrapCommand());
    for (String name : command) {
      line = line.getSubcommands().get(name);
    }
    return line.getCommandSpec();
  }

  private String pclusterCalls() throws Exception {
    Path calls = pcluster.getParent().resolve("state/calls");
    return Files.exists(calls) ? Files.readString(calls) : "";
  }
}
