package io.pcagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.app.AgentRuntime;
import io.pcagent.app.InProcessRunner;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code pcluster-agent validate} as automation runs it: exit code, JSON, JUnit XML; through the agent or direct. */
@ExtendWith(SandboxExtension.class)
class ValidateIT {
  private static final Path BASE = Path.of("target", "it-validate").toAbsolutePath();
  private static final Path JAR = Path.of("target", "pcluster-agent.jar").toAbsolutePath();

  private static CommandResult validate(SandboxCluster cluster, String... args) throws Exception {
    Files.createDirectories(BASE);
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "validate",
        "--set", "slurm.binDir=" + cluster.slurmBinDir(),
        "--set", "slurm.conf=" + cluster.environment().get("SLURM_CONF"),
        "--set", "runs.dir=" + cluster.runsDir().resolve("validate-it"),
        "--shared-dir", cluster.layout().sharedHome().toString(),
        "--shared-dir", cluster.layout().sharedFsx().toString(),
        "--timeout", "240"));
    argv.addAll(List.of(args));
    return new CommandRunner().runAllowingFailure(Command.of(argv).withTimeout(Duration.ofSeconds(300)));
  }

  @Test
  void directValidationPassesWritesJsonAndJunit(SandboxCluster cluster) throws Exception {
    Path junit = BASE.resolve("direct.xml");
    CommandResult result = validate(cluster, "--direct", "--expect-nodes", "5", "--output", "json", "--junit", junit.toString());

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout()).contains("\"verdict\" : \"pass\"", "\"mode\" : \"direct\"", "\"name\" : \"usable-nodes\"");
    assertThat(result.stderr()).as("progress, as plain lines off a terminal").contains(": nodes reported 3/3\n");
    String xml = Files.readString(junit);
    assertThat(xml).contains("<testsuite name=\"pcluster-validate\" tests=\"9\" failures=\"0\" skipped=\"2\">",
        "<testcase classname=\"node\" name=\"compute-gpu-st-distributed-ml-1\"/>", "<skipped message=\"skipped: powered down");
  }

  @Test
  void withAContainerImageEveryNodeStartsItFromTheRegistryAndFromASqshOnTheSharedFsx(SandboxCluster cluster) throws Exception {
    String registryImage = cluster.sandbox().status(cluster.spec().dir()).containerImage()
        .orElseThrow(() -> new AssertionError("the sandbox has no local registry"));
    Path sqsh = cluster.layout().sharedFsx().resolve("validate-it-" + System.nanoTime() + ".sqsh");
    new CommandRunner().run(Command.of("enroot", "import", "--output", sqsh.toString(), "--", registryImage)
        .withEnvironment(Map.of("ENROOT_ALLOW_HTTP", "yes")).withTimeout(Duration.ofSeconds(120)));
    try {
      for (String image : List.of(registryImage, sqsh.toString())) {
        CommandResult result = validate(cluster, "--direct", "--expect-nodes", "5", "--container-image", image, "--output", "json");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("\"verdict\" : \"pass\"");
        assertThat(result.stdout().split("container: ran " + Pattern.quote(image), -1))
            .as("one container step per static node").hasSize(cluster.spec().staticNodeNames().size() + 1);
      }
    } finally {
      Files.deleteIfExists(sqsh);
    }
  }

  @Test
  void tooFewNodesFailsWithExitOneNamingTheMissingCount(SandboxCluster cluster) throws Exception {
    CommandResult result = validate(cluster, "--direct", "--expect-nodes", "9");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).startsWith("Validation (direct): FAIL\n")
        .contains("fail     expected-nodes     5 nodes known to Slurm, 9 expected: 4 missing");
  }

  @Test
  void withoutExpectNodesTheInstallersHealthExpectedNodesIsTheCount(SandboxCluster cluster) throws Exception {
    CommandResult result = validate(cluster, "--direct", "--set", "health.expectedNodes=7");

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
    assertThat(result.stdout()).contains("fail     expected-nodes     5 nodes known to Slurm, 7 expected: 2 missing");
  }

  @Test
  void unreachableSlurmIsExitThreeAndBadArgumentsExitTwo(SandboxCluster cluster) throws Exception {
    CommandResult unreachable = validate(cluster, "--direct", "--set", "slurm.binDir=/nonexistent/bin");
    assertThat(unreachable.exitCode()).as(unreachable.stderr()).isEqualTo(3);
    assertThat(unreachable.stderr()).contains("validate: slurmctld does not answer: ");

    CommandResult usage = validate(cluster, "--output", "yaml");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stderr()).contains("--output must be text or json, got 'yaml'");
  }

  @Test
  void throughTheAgentWhenItAnswers(SandboxCluster cluster) throws Exception {
    Path state = BASE.resolve("agent-" + System.nanoTime());
    AgentConfig config = new AgentConfig(
        new SlurmSettings(cluster.slurmBinDir(), Optional.of(Path.of(cluster.environment().get("SLURM_CONF"))), Duration.ofSeconds(20), 1 << 20),
        HttpConfig.plain("127.0.0.1", 0), RunningAgent.TEST_CADENCE, new HealthConfig(OptionalInt.empty()),
        new RunsConfig(state.resolve("runs.db"), cluster.runsDir().resolve("validate-agent-it"), Duration.ofMillis(300)),
        new AuthConfig(state.resolve("token"), false), JobsConfig.DEFAULTS);
    try (AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC());
        InProcessRunner runner = InProcessRunner.start(config, Clock.systemUTC())) {
      assertThat(runner).isNotNull();
      agent.awaitReady(Duration.ofSeconds(30));
      CommandResult result = validate(cluster, "--url", "http://127.0.0.1:" + agent.port(),
          "--token-file", state.resolve("token").toString());

      assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
      assertThat(result.stdout()).startsWith("Validation (agent): PASS\n");
      assertThat(result.stderr()).contains(": succeeded");
    }
  }
}
