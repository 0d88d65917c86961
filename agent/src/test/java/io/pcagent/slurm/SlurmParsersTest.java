package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.testing.FixtureSlurm;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every parser over every fixture: 22.05 captured from the sandbox, 23.11 and 24.11 shapes, hostile input. */
class SlurmParsersTest {

  static String fixture(String path) {
    return FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/" + path);
  }

  /** The records of a fixture that must parse whole. */
  static List<Node> nodes(String text) {
    Parsed<Node> parsed = NodesParser.parse(text);
    assertThat(parsed.problems()).isEmpty();
    return parsed.records();
  }

  private static Map<String, Node> byName(List<Node> nodes) {
    return nodes.stream().collect(Collectors.toMap(Node::name, Function.identity()));
  }

  @Test
  void nodes2205CapturedFromTheSandbox() {
    Map<String, Node> nodes = byName(nodes(fixture("22.05/nodes.txt")));

    assertThat(nodes).hasSize(6);
    Node drained = nodes.get("compute-gpu-st-distributed-ml-4");
    assertThat(drained.state().base()).isEqualTo("IDLE");
    assertThat(drained.state().flags()).containsExactly("DRAIN");
    assertThat(drained.state().category()).isEqualTo("drain");
    assertThat(drained.reason()).contains(new NodeReason("disk check failed [ops@t] key=value",
        Optional.of("root"), Optional.of(LocalDateTime.parse("2026-11-29T20:37:49"))));
    Node down = nodes.get("compute-gpu-st-distributed-ml-3");
    assertThat(down.state().flags()).containsExactly("NOT_RESPONDING");
    assertThat(down.state().category()).isEqualTo("down");
    assertThat(down.reason().map(NodeReason::text)).contains("Not responding");
    Node mixed = nodes.get("compute-gpu-st-distributed-ml-2");
    assertThat(mixed.state().category()).isEqualTo("mix");
    assertThat(mixed.cpusAllocated()).isEqualTo(1);
    assertThat(mixed.cpusTotal()).isEqualTo(2);
    assertThat(mixed.memoryTotalMb()).isEqualTo(2048);
    assertThat(mixed.partitions()).containsExactly("compute-gpu");
    assertThat(mixed.version()).contains("22.05.8");
    assertThat(mixed.gres()).isEmpty();
    assertThat(nodes.get("compute-gpu-st-distributed-ml-1").state().category()).isEqualTo("alloc");
    Node dynamic = nodes.get("compute-gpu-dy-distributed-ml-1");
    assertThat(dynamic.dynamic()).isTrue();
    assertThat(dynamic.state().flags()).containsExactly("CLOUD");
    assertThat(dynamic.state().category()).isEqualTo("idle");
    assertThat(nodes.values()).allSatisfy(n -> assertThat(n.state().unknown()).isEmpty());
  }

  @Test
  void nodes2311PowerSavingGresAndSeveralPartitions() {
    Map<String, Node> nodes = byName(nodes(fixture("23.11/nodes.txt")));

    Node mixed = nodes.get("compute-gpu-st-distributed-ml-1");
    assertThat(mixed.partitions()).containsExactly("compute-gpu", "debug");
    assertThat(mixed.gres()).contains("gpu:h100:8(S:0-1)");
    assertThat(mixed.memoryAllocatedMb()).isEqualTo(991506);
    assertThat(mixed.bootTime()).contains(LocalDateTime.parse("2026-11-20T08:01:02"));
    Node invalid = nodes.get("compute-gpu-st-distributed-ml-2");
    assertThat(invalid.state().has("INVALID_REG")).isTrue();
    assertThat(invalid.state().unavailable()).isTrue();
    assertThat(invalid.reason().map(NodeReason::text)).contains("gres/gpu count reported lower than configured (7 < 8)");
    Node asleep = nodes.get("compute-gpu-dy-distributed-ml-1");
    assertThat(asleep.state().poweredDown()).isTrue();
    assertThat(asleep.state().unavailable()).isFalse();
    assertThat(asleep.bootTime()).isEmpty();
    Node waking = nodes.get("compute-gpu-dy-distributed-ml-2");
    assertThat(waking.state().flags()).containsExactlyInAnyOrder("CLOUD", "NOT_RESPONDING", "POWERING_UP");
    assertThat(waking.state().category()).isEqualTo("alloc");
    Node failedResume = nodes.get("compute-gpu-dy-distributed-ml-3");
    assertThat(failedResume.state().category()).isEqualTo("down");
    assertThat(failedResume.reason().map(NodeReason::text))
        .contains("(Code:InsufficientInstanceCapacity)Failure when resuming nodes");
  }

  @Test
  void nodes2411ReasonFollowedByCommentAndInstanceFields() {
    Map<String, Node> nodes = byName(nodes(fixture("24.11/nodes.txt")));

    Node maintenance = nodes.get("compute-gpu-st-distributed-ml-2");
    assertThat(maintenance.reason()).contains(new NodeReason("nvidia-smi: GPU 3 fell off the bus; ticket=OPS-1234",
        Optional.of("ops-admin"), Optional.of(LocalDateTime.parse("2026-11-29T06:15:00"))));
    assertThat(maintenance.state().category()).isEqualTo("drain");
    assertThat(nodes.get("compute-gpu-st-distributed-ml-1").state().category()).isEqualTo("comp");
    assertThat(nodes.get("compute-gpu-dy-distributed-ml-1").state().poweredDown()).isTrue();
    assertThat(nodes.get("compute-gpu-dy-distributed-ml-2").state().flags()).contains("POWER_DOWN", "POWERED_DOWN");
    NodeState future = nodes.get("compute-gpu-dy-distributed-ml-3").state();
    assertThat(future.base()).isEqualTo("FUTURE");
    assertThat(future.category()).isEqualTo("unknown");
    assertThat(future.unknown()).isEmpty();
  }

  @Test
  void hostileNodesKeepTheirReasonNamesAndUnknownStates() {
    Map<String, Node> nodes = byName(nodes(fixture("hostile/nodes.txt")));

    Node dotted = nodes.get("gpu.node-1.cluster.local");
    assertThat(dotted.partitions()).containsExactly("a.b", "c");
    assertThat(dotted.reason().map(NodeReason::text)).contains("bad=value State=FAKE [x] still the reason");
    assertThat(dotted.state().unknown()).containsExactly("FANCY_NEW_FLAG");
    assertThat(dotted.state().category()).isEqualTo("down");
    NodeState shiny = nodes.get("weird-2").state();
    assertThat(shiny.unknown()).containsExactly("SHINY_NEW_STATE");
    assertThat(shiny.category()).isEqualTo("unknown");
    assertThat(nodes.get("weird-2").partitions()).isEmpty();
    NodeState legacy = nodes.get("old-style-3").state();
    assertThat(legacy.base()).isEqualTo("MIXED");
    assertThat(legacy.flags()).containsExactly("POWERING_UP");
  }

  @Test
  void aTruncatedRecordIsAProblemNamingTheLineNodeAndFieldWhileTheOthersAreKept() {
    Parsed<Node> parsed = NodesParser.parse(fixture("hostile/truncated-nodes.txt"));

    assertThat(parsed.records()).extracting(Node::name).containsExactly("fine-1");
    assertThat(parsed.problems()).extracting(ParseProblem::summary)
        .containsExactly("scontrol show nodes line 2, node cut-2, State: missing (truncated output?)");
  }

  @Test
  void foreignLinesAndBadNumbersAreProblemsNotOutages() {
    Parsed<Node> parsed = NodesParser.parse("NodeName=a CPUAlloc=0 CPUTot=2 RealMemory=1 State=IDLE\n"
        + "slurm_load_node error: Unable to contact slurm controller\n"
        + "NodeName=b CPUAlloc=x CPUTot=2 RealMemory=1 State=IDLE\n"
        + "NodeName=c CPUAlloc=0 CPUTot=2 RealMemory=1 State=IDLE Gres=gpu:h100:eight\n");

    assertThat(parsed.records()).extracting(Node::name).containsExactly("a");
    assertThat(parsed.problems()).containsExactly(
        new ParseProblem("scontrol show nodes", 2, Optional.empty(), Optional.empty(),
            "expected a line starting with NodeName=, got 'slurm_load_node error: Unable to contact slurm controller'"),
        new ParseProblem("scontrol show nodes", 3, Optional.of("node b"), Optional.of("CPUAlloc"), "expected a number, got 'x'"),
        new ParseProblem("scontrol show nodes", 4, Optional.of("node c"), Optional.of("Gres"),
            "a gpu entry without a count: 'gpu:h100:eight'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"22.05", "23.11", "24.11"})
  void everyNodeFixtureParsesWithoutLosingANode(String version) {
    String text = fixture(version + "/nodes.txt");
    long lines = text.lines().filter(l -> !l.isBlank()).count();

    assertThat(nodes(text)).hasSize((int) lines);
  }

  @Test
  void jobs2205IncludeArraysPendingReasonsAndFinishedJobs() {
    Map<String, Job> jobs = JobsParser.parse(fixture("22.05/squeue.txt")).records().stream()
        .collect(Collectors.toMap(Job::id, Function.identity()));

    assertThat(jobs).hasSize(8);
    Job pending = jobs.get("3");
    assertThat(pending.state()).isEqualTo("PENDING");
    assertThat(pending.reason()).contains("BeginTime");
    assertThat(pending.nodeList()).isEmpty();
    assertThat(pending.nodeCount()).isEqualTo(3);
    assertThat(pending.cpus()).isEqualTo(6);
    assertThat(pending.arrayJobId()).isEmpty();
    Job task = jobs.get("4_2");
    assertThat(task.jobId()).isEqualTo(6);
    assertThat(task.arrayJobId()).contains(4L);
    assertThat(task.arrayTaskId()).contains("2");
    assertThat(task.state()).isEqualTo("CANCELLED");
    assertThat(task.endTime()).contains(LocalDateTime.parse("2026-11-29T20:39:37"));
    assertThat(jobs.get("8").state()).isEqualTo("FAILED");
    assertThat(jobs.get("8").reason()).contains("NonZeroExitCode");
    Job running = jobs.get("1");
    assertThat(running.nodeList()).contains("compute-gpu-st-distributed-ml-1");
    assertThat(running.endTime()).isEmpty();
    assertThat(running.timeLimit()).contains("UNLIMITED");
    assertThat(running.user()).isEqualTo("root");
    assertThat(running.name()).isEqualTo("full");
  }

  @Test
  void jobs2411KeepAPipeInTheNameAndLongReasons() {
    Map<String, Job> jobs = JobsParser.parse(fixture("24.11/squeue.txt")).records().stream()
        .collect(Collectors.toMap(Job::id, Function.identity()));

    assertThat(jobs.get("1201").name()).isEqualTo("llama3-8b|pretrain");
    assertThat(jobs.get("1202").reason()).contains("ReqNodeNotAvail, UnavailableNodes:compute-gpu-dy-distributed-ml-3");
    assertThat(jobs.get("1190").state()).isEqualTo("OUT_OF_MEMORY");
    assertThat(jobs.get("1195_7").arrayJobId()).contains(1195L);
    assertThat(jobs.get("1195_8").jobId()).isEqualTo(1204);
  }

  @Test
  void aShortJobLineIsAProblemAndTheOtherJobsAreKept() {
    Parsed<Job> parsed = JobsParser.parse("1|1|1|N/A|root|RUNNING\n" + fixture("24.11/squeue.txt")
        + "9|9|9|N/A|root|RUNNING|None|q|x|1|n1|N/A|N/A|N/A|0:00|1:00|name\n");

    assertThat(parsed.records()).hasSize(fixture("24.11/squeue.txt").strip().split("\n").length);
    assertThat(parsed.problems()).extracting(ParseProblem::summary).containsExactly(
        "squeue line 1, job 1: expected 17 |-separated fields, got 6 in '1|1|1|N/A|root|RUNNING'",
        "squeue line " + (fixture("24.11/squeue.txt").strip().split("\n").length + 2) + ", job 9, NODES: expected a number, got 'x'");
  }

  @Test
  void partitionsOfEveryVersion() {
    List<Partition> sandbox = PartitionsParser.parse(fixture("22.05/partitions.txt")).records();
    assertThat(sandbox).containsExactly(new Partition("compute-gpu", "UP",
        "compute-gpu-dy-distributed-ml-[1-2],compute-gpu-st-distributed-ml-[1-4]", 6, 12, true, Optional.of("UNLIMITED")));

    List<Partition> production = PartitionsParser.parse(fixture("23.11/partitions.txt")).records();
    assertThat(production).extracting(Partition::name, Partition::state, Partition::totalNodes, Partition::isDefault)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("compute-gpu", "UP", 5, true),
            org.assertj.core.groups.Tuple.tuple("debug", "INACTIVE", 1, false));
    assertThat(production.get(1).maxTime()).contains("01:00:00");
  }

  @Test
  void sdiagOfTheSandbox() {
    SchedulerStats stats = SdiagParser.parse(fixture("22.05/sdiag.txt"));

    assertThat(stats.serverThreads()).isPositive();
    assertThat(stats.jobsSubmitted()).isEqualTo(8);
    assertThat(stats.lastCycle()).isPositive();
    assertThat(stats.rpcCounts()).containsKeys("REQUEST_NODE_INFO", "REQUEST_SUBMIT_BATCH_JOB");
    assertThat(stats.rpcCounts().get("REQUEST_NODE_INFO")).isPositive();
    assertThat(stats.meanCycle()).isEqualTo(213);
    assertThat(stats.cyclesPerMinute()).isEqualTo(8);
  }

  @Test
  void sdiagBackfillTotalsAndTheDbdQueueAreReadFromTheirSections() {
    String text = fixture("22.05/sdiag.txt").replace("DBD Agent queue size: 0", "DBD Agent queue size: 4")
        .replace("(since last slurm start): 0", "(since last slurm start): 17")
        .replace("(since last stats cycle start): 0", "(since last stats cycle start): 5")
        .replace("heterogeneous job components: 0", "heterogeneous job components: 2");

    SchedulerStats stats = SdiagParser.parse(text);

    assertThat(stats.dbdAgentQueueSize()).isEqualTo(4);
    assertThat(stats.backfilledJobsSinceStart()).isEqualTo(17);
    assertThat(stats.backfilledJobsSinceCycle()).isEqualTo(5);
    assertThat(stats.backfilledHeterogeneous()).isEqualTo(2);
  }

  @Test
  void truncatedSdiagIsAParseError() {
    assertThatThrownBy(() -> SdiagParser.parse("Server thread count:  3\nAgent queue size:     0\n"))
        .hasMessage("sdiag: no 'Jobs submitted:' line (truncated output?)");
  }

  @Test
  void jobDetailsKeepOnlyTheOutputPathsSlurmReportsAndATruncatedLineNamesItsField() {
    JobDetails details = JobDetails.parse("JobId=42 JobName=x UserId=pcagent-jobs(2950) JobState=COMPLETED Reason=None ExitCode=0:0 "
        + "StdErr=/home/pcluster-agent/runs/r-1/slurm-42.err StdIn=/dev/null StdOut=/home/pcluster-agent/runs/r-1/slurm-42.out");

    assertThat(details).isEqualTo(new JobDetails(42, "COMPLETED", "0:0", Optional.of("/home/pcluster-agent/runs/r-1/slurm-42.out"),
        Optional.of("/home/pcluster-agent/runs/r-1/slurm-42.err")));
    assertThat(details.exitedCleanly()).isTrue();
    assertThatThrownBy(() -> JobDetails.parse("JobId=43 JobName=x"))
        .hasMessage("scontrol show job: JobState: missing (truncated output?)");
    assertThatThrownBy(() -> JobDetails.parse("JobId=4x3 JobState=RUNNING")).hasMessageStartingWith("scontrol show job: JobId: ");
  }
}
