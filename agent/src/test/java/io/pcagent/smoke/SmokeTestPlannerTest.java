package io.pcagent.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodesParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning and judging a smoke test over the 23.11 node shapes (power saving, GRES, invalid registration). */
class SmokeTestPlannerTest {
  private static List<Node> nodes() throws IOException {
    try (InputStream in = SmokeTestPlannerTest.class.getResourceAsStream("/io/pcagent/slurm/SlurmParsersTest/23.11/nodes.txt")) {
      return NodesParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).records();
    }
  }

  @Test
  void usableNodesRunOutOfServiceOnesFailUpFrontPoweredDownAndBootingOnesAreSkipped() throws Exception {
    SmokeTestPlan plan = SmokeTestPlanner.plan(SmokeTestRequest.defaults(List.of("/fsx", "/home")), nodes());

    assertThat(plan.runnable()).containsExactly("compute-gpu-st-distributed-ml-1");
    assertThat(plan.partition()).isEqualTo("compute-gpu");
    assertThat(plan.gpus()).containsEntry("compute-gpu-st-distributed-ml-1", new GpuExpectation(8, false));
    assertThat(plan.failedUpFront()).containsOnlyKeys("compute-gpu-st-distributed-ml-2", "compute-gpu-dy-distributed-ml-3");
    assertThat(plan.failedUpFront().get("compute-gpu-st-distributed-ml-2"))
        .isEqualTo("out of service: IDLE+INVALID_REG: gres/gpu count reported lower than configured (7 < 8) (by slurm)");
    assertThat(plan.skipped()).containsOnly(
        entry("compute-gpu-dy-distributed-ml-1", "powered down (IDLE+CLOUD+POWERED_DOWN)"),
        entry("compute-gpu-dy-distributed-ml-2", "booting (ALLOCATED+CLOUD+NOT_RESPONDING+POWERING_UP)"));
  }

  @Test
  void wakingPoweredDownNodesIsOptIn() throws Exception {
    SmokeTestRequest wake = new SmokeTestRequest(List.of("compute-gpu"), List.of(), 1, 300, List.of(), true, null);

    assertThat(SmokeTestPlanner.plan(wake, nodes()).runnable())
        .containsExactly("compute-gpu-st-distributed-ml-1", "compute-gpu-dy-distributed-ml-1");
  }

  @Test
  void unknownNodesAndEmptySelectionsAreUsageErrors() throws Exception {
    SmokeTestRequest unknown = new SmokeTestRequest(List.of(), List.of("ghost-1"), 1, 300, List.of(), false, null);
    assertThatThrownBy(() -> SmokeTestPlanner.plan(unknown, nodes())).hasMessage("nodes unknown to Slurm: ghost-1");
    SmokeTestRequest none = new SmokeTestRequest(List.of("nope"), List.of(), 1, 300, List.of(), false, null);
    assertThatThrownBy(() -> SmokeTestPlanner.plan(none, nodes())).hasMessage("no node matches partitions [nope] and nodes []");
  }

  @Test
  void everyExpectedNodeIsJudged() throws Exception {
    SmokeTestRequest twoTasks = new SmokeTestRequest(List.of(), List.of(), 2, 300, List.of(), true, null);
    SmokeTestPlan plan = SmokeTestPlanner.plan(twoTasks, nodes());
    String ok = "{\"name\":\"slurm-env\",\"status\":\"ok\",\"detail\":\"fine\"}";
    String stdout = String.join("\n",
        "srun: some noise",
        "{\"node\":\"compute-gpu-st-distributed-ml-1\",\"host\":\"a\",\"rank\":0,\"checks\":[" + ok + "]}",
        "{\"node\":\"compute-gpu-st-distributed-ml-1\",\"host\":\"a\",\"rank\":1,\"checks\":[" + ok
            + ",{\"name\":\"gpu\",\"status\":\"fail\",\"detail\":\"nvidia-smi -L lists 7 GPUs, 8 expected\"}]}",
        "{\"node\":\"compute-gpu-dy-distributed-ml-1\",\"host\":\"b\",\"rank\":2,\"checks\":[" + ok + "]}",
        "{\"node\":\"compute-gpu-dy-distri");

    SmokeResult result = SmokeOutput.evaluate(plan, stdout, 12, "COMPLETED", 31.5);

    assertThat(result.verdict()).isEqualTo("fail");
    assertThat(result.nodes()).extracting(NodeResult::node, NodeResult::result).contains(
        org.assertj.core.groups.Tuple.tuple("compute-gpu-st-distributed-ml-1", "fail"),
        org.assertj.core.groups.Tuple.tuple("compute-gpu-dy-distributed-ml-1", "fail"),
        org.assertj.core.groups.Tuple.tuple("compute-gpu-st-distributed-ml-2", "fail"));
    NodeResult gpu = result.nodes().stream().filter(n -> n.node().equals("compute-gpu-st-distributed-ml-1")).findFirst().orElseThrow();
    assertThat(gpu.failures()).containsExactly("gpu");
    assertThat(gpu.detail()).isEqualTo("gpu: nvidia-smi -L lists 7 GPUs, 8 expected");
    NodeResult short1 = result.nodes().stream().filter(n -> n.node().equals("compute-gpu-dy-distributed-ml-1")).findFirst().orElseThrow();
    assertThat(short1.detail()).isEqualTo("tasks: 1 of 2 reported");
  }

  @Test
  void aContainerImageIsCheckedOnEveryNodeOrNotedWhenPyxisIsMissing() throws Exception {
    SmokeTestRequest withImage = new SmokeTestRequest(List.of(), List.of("compute-gpu-st-distributed-ml-1"), 1, 300, List.of(),
        false, "/fsx/ubuntu.sqsh");
    SmokeTestPlan plan = SmokeTestPlanner.plan(withImage, nodes());
    String report = "{\"node\":\"compute-gpu-st-distributed-ml-1\",\"host\":\"a\",\"rank\":0,\"checks\":[]}\n";

    assertThat(SmokeOutput.evaluate(plan, report + "{\"container\":\"compute-gpu-st-distributed-ml-1\"}\n", 1, "COMPLETED", 1)
        .passed()).isTrue();
    NodeResult noContainer = SmokeOutput.evaluate(plan, report, 2, "COMPLETED", 1).nodes().get(0);
    assertThat(noContainer.result()).isEqualTo("fail");
    assertThat(noContainer.failures()).containsExactly("container");
    assertThat(noContainer.detail()).isEqualTo("container: srun --container-image=/fsx/ubuntu.sqsh did not run on this node");
    SmokeResult noPyxis = SmokeOutput.evaluate(plan,
        report + "{\"containerUnavailable\":\"Pyxis is not configured: srun has no --container-image\"}\n", 3, "COMPLETED", 1);
    assertThat(noPyxis.passed()).isTrue();
    assertThat(noPyxis.nodes().get(0).detail()).endsWith("; container: skipped, Pyxis is not configured: srun has no --container-image");
  }

  @Test
  void progressCountsTheExpectedNodesThatReportedSoFar(@TempDir Path dir) throws Exception {
    SmokeTestRequest request = new SmokeTestRequest(List.of(), List.of(), 2, 300, List.of(), true, null);
    SmokeTestPlan plan = SmokeTestPlanner.plan(request, nodes());
    Files.writeString(dir.resolve("plan.json"), new ObjectMapper().writeValueAsString(plan));
    assertThat(SmokeProgress.of(dir)).contains(new SmokeProgress(0, 2));

    Files.writeString(dir.resolve(SmokeJobFiles.STDOUT), String.join("\n",
        "{\"node\":\"compute-gpu-st-distributed-ml-1\",\"rank\":0}",
        "{\"node\":\"compute-gpu-st-distributed-ml-1\",\"rank\":1}",
        "{\"node\":\"not-in-the-plan\",\"rank\":9}", ""));
    assertThat(SmokeProgress.of(dir)).contains(new SmokeProgress(1, 2));
    assertThat(SmokeProgress.of(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void aNodeThatNeverReportsIsMissingAndAllPassingIsAPass() throws Exception {
    SmokeTestRequest onlyOne = new SmokeTestRequest(List.of(), List.of("compute-gpu-st-distributed-ml-1"), 1, 300, List.of(), false, null);
    SmokeTestPlan plan = SmokeTestPlanner.plan(onlyOne, nodes());

    SmokeResult missing = SmokeOutput.evaluate(plan, "", 13, "TIMEOUT", 300);
    assertThat(missing.verdict()).isEqualTo("fail");
    assertThat(missing.nodes().get(0).result()).isEqualTo("missing");
    assertThat(missing.nodes().get(0).detail()).isEqualTo("no report from this node (job TIMEOUT)");

    SmokeResult pass = SmokeOutput.evaluate(plan,
        "{\"node\":\"compute-gpu-st-distributed-ml-1\",\"host\":\"a\",\"rank\":0,\"checks\":[]}\n", 14, "COMPLETED", 5);
    assertThat(pass.passed()).isTrue();
  }
}
