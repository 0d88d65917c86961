package io.pcagent.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.CommandRunner;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The distributed smoke test on the sandbox's real nodes: pass, a drained node, a node whose slurmd died. */
@ExtendWith(SandboxExtension.class)
class SmokeTestIT {
  private static final Duration POLL = Duration.ofMillis(500);

  private static SmokeTests smokeTests(SandboxCluster cluster) throws Exception {
    SlurmSettings config = new SlurmSettings(cluster.slurmBinDir(), Optional.of(Path.of(cluster.environment().get("SLURM_CONF"))),
        Duration.ofSeconds(20), 1 << 20);
    return new SmokeTests(new SlurmClient(new CommandRunner(), config), cluster.runsDir().resolve("smoke-it"));
  }

  /** The sandbox's shared home and fsx, as on ParallelCluster, and a folder no node has. */
  private static SmokeTestRequest request(SandboxCluster cluster, int timeoutSeconds) {
    return new SmokeTestRequest(List.of(), List.of(), 2, timeoutSeconds, List.of(cluster.layout().sharedHome().toString(),
        cluster.layout().sharedFsx().toString(), "/fsx-not-here"), false, null);
  }

  private static Map<String, NodeResult> byNode(SmokeResult result) {
    return result.nodes().stream().collect(Collectors.toMap(NodeResult::node, Function.identity()));
  }

  @Test
  void passesOnEveryStaticNodeAndSkipsPoweredDownOnes(SandboxCluster cluster) throws Exception {
    SmokeResult result = smokeTests(cluster).runToEnd("it-pass", request(cluster, 120), POLL);

    assertThat(result.verdict()).as("%s", result).isEqualTo("pass");
    assertThat(result.jobState()).isEqualTo("COMPLETED");
    Map<String, NodeResult> nodes = byNode(result);
    for (String node : cluster.spec().staticNodeNames()) {
      assertThat(nodes.get(node).result()).as("%s", nodes.get(node)).isEqualTo("pass");
      assertThat(nodes.get(node).detail()).isEqualTo("2 of 2 tasks passed every check");
    }
    for (String node : cluster.spec().dynamicNodeNames()) {
      assertThat(nodes.get(node).result()).isIn("skipped", "pass");
    }
    assertThat(cluster.layout().sharedFsx().resolve(".pcagent-smoke").resolve(Long.toString(result.jobId()))).as("tokens cleaned up").doesNotExist();
  }

  @Test
  void theLocalRegistrysImageRunsOnEveryNodeThroughPyxis(SandboxCluster cluster) throws Exception {
    String image = cluster.sandbox().status(cluster.spec().dir()).containerImage()
        .orElseThrow(() -> new AssertionError("the sandbox has no local registry: " + cluster.sandbox().status(cluster.spec().dir()).containers()));
    SmokeTestRequest withImage = new SmokeTestRequest(List.of(), List.of(), 1, 120, List.of(cluster.layout().sharedFsx().toString()), false,
        image);

    SmokeResult result = smokeTests(cluster).runToEnd("it-container", withImage, POLL);

    assertThat(result.verdict()).as("%s", result).isEqualTo("pass");
    for (String node : cluster.spec().staticNodeNames()) {
      assertThat(byNode(result).get(node).detail()).endsWith("; container: ran " + image);
    }
  }

  @Test
  void aMissingImageFailsTheContainerCheckOnEveryNodeWithEnrootsMessage(SandboxCluster cluster) throws Exception {
    String image = cluster.sandbox().status(cluster.spec().dir()).containerImage().orElseThrow();
    String missing = image.substring(0, image.indexOf('#')) + "#pcagent/no-such-image:1";
    SmokeTestRequest withImage = new SmokeTestRequest(List.of(), List.of(), 1, 120, List.of(cluster.layout().sharedFsx().toString()), false,
        missing);

    SmokeResult result = smokeTests(cluster).runToEnd("it-container-missing", withImage, POLL);

    assertThat(result.verdict()).isEqualTo("fail");
    for (String node : cluster.spec().staticNodeNames()) {
      NodeResult nodeResult = byNode(result).get(node);
      assertThat(nodeResult.failures()).as("%s", nodeResult).contains("container");
      assertThat(nodeResult.detail()).contains("container: srun --container-image=" + missing + " did not run on this node: "
          + "failed to import docker image: " + missing + ": [ERROR] URL http://").contains("returned error code: 404 Not Found");
    }
  }

  @Test
  void aDrainedNodeFailsTheVerdictAndIsNamed(SandboxCluster cluster) throws Exception {
    String drained = "compute-gpu-st-distributed-ml-2";
    cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=" + drained, "state=drain", "reason=smoke test IT");
    try {
      SmokeResult result = smokeTests(cluster).runToEnd("it-drained", request(cluster, 120), POLL);

      assertThat(result.verdict()).isEqualTo("fail");
      NodeResult node = byNode(result).get(drained);
      assertThat(node.result()).isEqualTo("fail");
      assertThat(node.detail()).matches("out of service: IDLE\\+DRAIN(\\+[A-Z_]+)*: smoke test IT \\(by root\\)");
      assertThat(byNode(result).get("compute-gpu-st-distributed-ml-1").result()).isEqualTo("pass");
    } finally {
      cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=" + drained, "state=resume");
    }
  }

  @Test
  void aNodeWhoseSlurmdDiedIsReportedWithinTheTimeout(SandboxCluster cluster) throws Exception {
    String dead = "compute-gpu-st-distributed-ml-3";
    long pid = Long.parseLong(Files.readString(cluster.spec().layout().slurmdPidFile(dead)).strip());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    try {
      long started = System.nanoTime();
      SmokeResult result = smokeTests(cluster).runToEnd("it-dead", request(cluster, 45), POLL);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(Duration.ofSeconds(45 + 30));
      assertThat(result.verdict()).isEqualTo("fail");
      assertThat(byNode(result).get(dead).result()).as("%s", result).isIn("missing", "fail");
    } finally {
      cluster.sandbox().restartNode(cluster.spec(), dead);
    }
  }
}
