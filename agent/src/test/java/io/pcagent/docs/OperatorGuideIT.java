package io.pcagent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.app.InProcessRunner;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
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
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator guide's commands run as written: every bash block of docs/operator-guide.md that starts with
 * {@code # OperatorGuideIT: SCENE} is run, the blocks of one scene in order as one script, against the sandbox with a
 * real agent and runner. Only {@code sudo} is dropped (the test is root) and the installed launcher is the source
 * tree's, which runs this build's jar.
 */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorGuideIT {
  private static final Path GUIDE = Path.of("..", "docs", "operator-guide.md").toAbsolutePath().normalize();
  private static final Path LAUNCHER = Path.of("..", "postinstall", "pcluster-agent").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target", "pcluster-agent.jar").toAbsolutePath();
  private static final Path BASE = Path.of("target", "it-operator-guide").toAbsolutePath();
  private static final Pattern BLOCK = Pattern.compile("```bash\n# OperatorGuideIT: ([^\n]+)\n(.*?)```", Pattern.DOTALL);
  private static final List<String> SCENES = List.of("a healthy cluster", "a drained node");
  private static final String DRAINED = "compute-gpu-st-distributed-ml-2";

  private static RunningAgent agent;
  private static InProcessRunner runner;
  private static Path config;

  @BeforeAll
  static void start(SandboxCluster cluster) throws Exception {
    agent = RunningAgent.start(cluster, OptionalInt.of(5));
    runner = InProcessRunner.start(agent.config(), Clock.systemUTC());
    Files.createDirectories(BASE);
    // what the installer writes to /etc/pcluster-agent/config.yaml, with the sandbox's places
    config = Files.writeString(BASE.resolve("config.yaml"), String.join("\n",
        "slurm:", "  binDir: " + cluster.slurmBinDir(), "  conf: " + cluster.environment().get("SLURM_CONF"),
        "health:", "  expectedNodes: 5",
        "auth:", "  tokenFile: " + agent.config().auth().tokenFile(),
        "runs:", "  dir: " + cluster.runsDir().resolve("operator-guide"),
        "storage:", "  mounts:",
        "    " + cluster.layout().sharedHome() + ": fuse", "    " + cluster.layout().sharedFsx() + ": fuse", ""));
  }

  @AfterAll
  static void stop() {
    runner.close();
    agent.close();
  }

  /** The blocks of one scene, joined, as the guide has them but for the test's two replacements. */
  static String script(String guide, String scene) {
    List<String> blocks = new ArrayList<>();
    List<String> scenes = new ArrayList<>();
    Matcher block = BLOCK.matcher(guide);
    while (block.find()) {
      scenes.add(block.group(1));
      if (block.group(1).equals(scene)) {
        blocks.add(block.group(2));
      }
    }
    assertThat(blocks).as("bash blocks of %s that start with '# OperatorGuideIT: %s'", GUIDE, scene).isNotEmpty();
    assertThat(scenes).as("every scene of the guide is one this test runs").isSubsetOf(SCENES);
    return String.join("\n", blocks).replace("sudo /opt/pcluster-agent/bin/pcluster-agent", LAUNCHER.toString());
  }

  /** The first text block after the scene's last bash block: the output the guide says it prints. */
  static String shownOutput(String guide, String scene) {
    int last = guide.lastIndexOf("```bash\n# OperatorGuideIT: " + scene + "\n");
    int start = guide.indexOf("```text\n", last);
    assertThat(last).as("a bash block for %s", scene).isNotNegative();
    assertThat(start).as("a text block after the last bash block of %s", scene).isNotNegative();
    return guide.substring(start + "```text\n".length(), guide.indexOf("```", start + 3));
  }

  /** When a reason was set, and run ids, differ from run to run. */
  private static String withoutVariableParts(String output) {
    return output.replaceAll("since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d", "since TIME").replaceAll("r-[0-9a-f]+-[0-9a-f]+", "r-ID");
  }

  private static CommandResult run(String scene) throws Exception {
    String script = script(Files.readString(GUIDE), scene);
    assertThat(script).as("sudo is only ever in front of the launcher").doesNotContain("sudo ");
    Path file = Files.writeString(BASE.resolve(scene.replace(' ', '-') + ".sh"), script);
    CommandResult result = new CommandRunner().runAllowingFailure(Command.of("bash", "-euo", "pipefail", file.toString())
        .withEnvironment(Map.of("A", "http://127.0.0.1:" + agent.runtime().port(), "TOKEN", agent.token(),
            "PCAGENT_JAR", JAR.toString(), "PCAGENT_CONFIG", config.toString(),
            "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()))
        .withTimeout(Duration.ofMinutes(8)));
    System.out.printf("%s:%n%s%s%n", scene, result.stdout(), result.stderr());
    assertThat(result.exitCode()).as("the guide's '%s' commands (%s):%n%s%s", scene, file, result.stdout(), result.stderr()).isZero();
    return result;
  }

  @Test
  @Order(1)
  void onAHealthyClusterEveryCommandAnswersAsTheGuideSays() throws Exception {
    Files.deleteIfExists(Path.of("/tmp/validate.xml"));
    String out = run("a healthy cluster").stdout();

    assertThat(out).startsWith("{\"status\":\"ready\"}ok\n").contains("\tnodes-unavailable\tno node down, drained",
        "\texpected-nodes\t5 nodes, 5 expected", "compute-gpu UP 5 nodes\n", "compute-gpu-st-distributed-ml-1\tidle\tin_service\tIDLE\n",
        "compute-gpu-dy-distributed-ml-1\tidle\tpowered_down\t");
    assertThat(out).as("the job's output, followed to its end")
        .contains("compute-gpu-st-distributed-ml-1\ncompute-gpu-st-distributed-ml-2\ncompute-gpu-st-distributed-ml-3\n");
    assertThat(out).containsPattern("\n\\d+ COMPLETED\n").containsPattern("\\{\"id\":\"\\d+\",\"jobId\":\\d+,\"cancelled\":true,");
    assertThat(out).contains("Validation (agent): PASS\n", "\npass\n");
    assertThat(Files.readString(Path.of("/tmp/validate.xml"))).contains("failures=\"0\"");
  }

  @Test
  @Order(2)
  void withADrainedNodeHealthAndValidationNameItAndWhy(SandboxCluster cluster) throws Exception {
    cluster.slurm(Duration.ofSeconds(20), "scontrol", "update", "NodeName=" + DRAINED, "State=DRAIN", "Reason=Xid 79: GPU fell off the bus");
    try {
      agent.await("/v1/nodes?state=drain&fresh=true", r -> r.body().contains(DRAINED), Duration.ofSeconds(30));
      String out = run("a drained node").stdout();

      assertThat(out).contains(DRAINED + " IDLE+DRAIN: Xid 79: GPU fell off the bus (by root)\n", "validate exited 1\n");
      assertThat(withoutVariableParts(out)).as("the output the guide shows")
          .isEqualTo(withoutVariableParts(shownOutput(Files.readString(GUIDE), "a drained node")));
    } finally {
      cluster.slurm(Duration.ofSeconds(20), "scontrol", "update", "NodeName=" + DRAINED, "State=RESUME");
    }
  }
}
