package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.testing.FixtureSlurm;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-written, for releases no reachable suite has (23.02, 23.11, 24.05, 25.05) and, for 24.11, for what the live
 * matrix does not make (MIG, an ICE node, a reason of three lines; what Slurm printed, for 22.05, 24.11 and 26.05, is in
 * live/, SlurmLiveFixturesTest): one ParallelCluster scenario as each release's {@code scontrol -d show nodes -o}
 * prints it (the agent's call: GresUsed comes only with {@code -d}), written from Slurm's
 * print code (node_info.c: Reason after the power line, then Comment, Extra, InstanceId and InstanceType,
 * ReservationName, each optional; a reason's later lines on continuations of eight spaces; the order Reason, Comment,
 * Extra, InstanceId, InstanceType is what live 24.11.5 and 26.05.5 print, live/RELEASE/nodes-annotated.txt) and from the 24.05
 * output ParallelCluster shows: a GPU node at work, one drained in a maintenance reservation, one with two GPU
 * types, a MIG node drained with a reason of three lines, a dynamic node asleep, one booting, one that could not
 * launch (ICE).
 */
class ReleaseFixturesTest {
  static String fixture(String path) {
    return FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/" + path);
  }

  private static Map<String, Node> nodes(String release) {
    Parsed<Node> parsed = NodesParser.parse(fixture(release + "/nodes.txt"));
    assertThat(parsed.problems()).isEmpty();
    return parsed.records().stream().collect(Collectors.toMap(Node::name, Function.identity()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"23.02", "23.11", "24.05", "24.11", "25.05"})
  void theReasonEndsWhereTheNextKeySlurmPrintsAfterItBegins(String release) {
    Node maintenance = nodes(release).get("compute-gpu-st-distributed-ml-2");

    assertThat(maintenance.reason()).contains(new NodeReason("kernel upgrade: reboot=yes", Optional.of("root"),
        Optional.of(LocalDateTime.parse("2026-11-29T06:15:00"))));
    assertThat(maintenance.reservation()).contains("maint");
    assertThat(maintenance.state().category()).isEqualTo("drain");
    assertThat(maintenance.state().service()).isEqualTo(NodeService.OUT_OF_SERVICE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"23.02", "23.11", "24.05", "24.11", "25.05"})
  void aReasonOfSeveralLinesIsKeptWholeAndCommentAndExtraAreNotPartOfIt(String release) {
    Node mig = nodes(release).get("compute-gpu-st-distributed-ml-4");

    assertThat(mig.reason()).contains(new NodeReason("nvidia-smi: GPU 3 fell off the bus\nticket=OPS-1234\nreplace the board",
        Optional.of("ops-admin"), Optional.of(LocalDateTime.parse("2026-11-29T06:20:00"))));
    assertThat(mig.gpusTotal()).as("MIG devices, as Slurm counts them").isEqualTo(7);
    assertThat(mig.gpusAllocated()).isZero();
    assertThat(mig.migGpus()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23.02", "23.11", "24.05", "24.11", "25.05"})
  void gpusAreEveryGpuEntrySummedAndOtherGresLeftOut(String release) {
    Map<String, Node> nodes = nodes(release);

    Node twoTypes = nodes.get("compute-gpu-st-distributed-ml-3");
    assertThat(twoTypes.gpusTotal()).isEqualTo(8);
    assertThat(twoTypes.gpusAllocated()).isEqualTo(3);
    assertThat(twoTypes.migGpus()).isFalse();
    Node busy = nodes.get("compute-gpu-st-distributed-ml-1");
    assertThat(busy.gpusTotal()).isEqualTo(8);
    assertThat(busy.gpusAllocated()).isEqualTo(8);
    assertThat(busy.cpusAllocated()).isEqualTo(192);
    assertThat(busy.memoryAllocatedMb()).isEqualTo(1983012);
    assertThat(busy.version().orElseThrow()).startsWith(release + ".");
    assertThat(nodes.get("compute-gpu-dy-distributed-ml-1").gpusAllocated()).as("no GresUsed printed").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23.02", "23.11", "24.05", "24.11", "25.05"})
  void parallelClustersDynamicNodesAsleepBootingAndNotLaunched(String release) {
    Map<String, Node> nodes = nodes(release);

    Node asleep = nodes.get("compute-gpu-dy-distributed-ml-1");
    assertThat(asleep.state().service()).isEqualTo(NodeService.POWERED_DOWN);
    assertThat(asleep.state().category()).isEqualTo("idle");
    assertThat(asleep.bootTime()).isEmpty();
    assertThat(asleep.version()).isEmpty();
    Node booting = nodes.get("compute-gpu-dy-distributed-ml-2");
    assertThat(booting.state().service()).isEqualTo(NodeService.BOOTING);
    assertThat(booting.state().flags()).containsExactlyInAnyOrder("CLOUD", "NOT_RESPONDING", "POWERING_UP");
    assertThat(booting.reason()).isEmpty();
    Node notLaunched = nodes.get("compute-gpu-dy-distributed-ml-3");
    assertThat(notLaunched.state().service()).isEqualTo(NodeService.OUT_OF_SERVICE);
    assertThat(notLaunched.state().category()).isEqualTo("down");
    assertThat(notLaunched.reason().map(NodeReason::text))
        .contains("(Code:InsufficientInstanceCapacity)Failure when resuming nodes");
    assertThat(nodes.values()).allSatisfy(node -> assertThat(node.partitions()).containsExactly("compute-gpu"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"23.11", "24.05", "24.11", "25.05"})
  void sinceInstanceIdsArePrintedEachNodeNamesItsInstance(String release) {
    Map<String, Node> nodes = nodes(release);

    assertThat(nodes.get("compute-gpu-st-distributed-ml-1").instanceId()).contains("i-0a1b2c3d4e5f60718");
    assertThat(nodes.get("compute-gpu-st-distributed-ml-4").instanceType()).contains("p4de.24xlarge");
    assertThat(nodes.get("compute-gpu-dy-distributed-ml-1").instanceId()).isEmpty();
    assertThat(nodes.get("compute-gpu-st-distributed-ml-2").reservation()).contains("maint");
  }

  @Test
  void before2311NoInstanceIsNamed() {
    assertThat(nodes("23.02").values()).allSatisfy(node -> assertThat(node.instanceId()).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"23.11", "24.05", "24.11", "25.05"})
  void partitionsWithHostListRanges(String release) {
    Parsed<Partition> parsed = PartitionsParser.parse(fixture(release + "/partitions.txt"));

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.records()).containsExactly(
        new Partition("compute-gpu", "UP", "compute-gpu-dy-distributed-ml-[1-3],compute-gpu-st-distributed-ml-[1-4]", 7,
            1344, true, Optional.of("UNLIMITED")),
        new Partition("debug", "DRAIN", "debug-dy-small-[1-16,20],debug-st-small-1", 18, 72, false, Optional.of("01:00:00")));
  }

  @Test
  void gresEntriesOfEveryShape() {
    assertThat(GpuGres.count("gpu:8")).isEqualTo(8);
    assertThat(GpuGres.count("gpu:h100:8(S:0-1)")).isEqualTo(8);
    assertThat(GpuGres.count("gpu:h100:4(S:0),gpu:a100:4(S:1)")).isEqualTo(8);
    assertThat(GpuGres.count("gpu:h100:2(IDX:0,3),gpu:a100:1(IDX:5)")).isEqualTo(3);
    assertThat(GpuGres.count("lscratch:3200")).isZero();
    assertThat(GpuGres.count("(null)")).isZero();
    assertThat(GpuGres.count(null)).isZero();
    assertThat(GpuGres.count("gpu:1g.10gb:7")).isEqualTo(7);
    assertThat(GpuGres.mig("gpu:1g.10gb:7(S:0)")).isTrue();
    assertThat(GpuGres.mig("gpu:h100:8")).isFalse();
    assertThat(GpuGres.count("gpu:h100:0(IDX:N/A)")).isZero();
  }
}
