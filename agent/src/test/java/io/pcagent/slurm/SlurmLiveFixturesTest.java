package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a real Slurm printed, release by release: the files under live/RELEASE were written by that release's own
 * commands during SlurmMatrixIT (scripts/slurm-live-fixtures.sh writes them again; nothing in them is typed by hand),
 * read here by the agent's parsers and rules. A node with GPUs of two types and a job holding three of them; node 2
 * drained; a CLOUD node asleep; a job asking for three nodes while one is drained, and a held one; a maintenance
 * reservation; node 1 rebooted with ASAP and nextstate=resume, while its job runs, once the reboot is issued, and back.
 */
class SlurmLiveFixturesTest {
  private static final Path LIVE = Path.of("src", "test", "resources", "io", "pcagent", "slurm", "live");
  private static final String NODE_1 = "compute-gpu-st-distributed-ml-1";
  private static final String NODE_2 = "compute-gpu-st-distributed-ml-2";
  private static final String CLOUD_NODE = "compute-gpu-dy-distributed-ml-1";

  static Stream<String> releases() throws IOException {
    try (Stream<Path> folders = Files.list(LIVE)) {
      List<String> releases = folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(releases).as("releases captured in %s", LIVE).contains("22.05", "24.11", "26.05");
      return releases.stream();
    }
  }

  private static String read(String release, String file) {
    try {
      return Files.readString(LIVE.resolve(release).resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Node> nodes(String release, String file) {
    Parsed<Node> parsed = NodesParser.parse(read(release, file));
    assertThat(parsed.problems()).as("%s %s", release, file).isEmpty();
    return parsed.records().stream().collect(Collectors.toMap(Node::name, Function.identity()));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void allocatedGpusArePrintedOnlyForADetailedShowWhichTheAgentAsksFor(String release) {
    assertThat(read(release, "nodes-gpu-job-without-d.txt")).as("scontrol show nodes -o").doesNotContain("GresUsed=");
    Node node = nodes(release, "nodes-gpu-job.txt").get(NODE_1);

    assertThat(node.gres()).contains("gpu:h100:2,gpu:a100:2");
    assertThat(node.gpusTotal()).isEqualTo(4);
    assertThat(node.gpusAllocated()).as("gpu:h100:1,gpu:a100:2 held by the job").isEqualTo(3);
    assertThat(nodes(release, "nodes-idle.txt").get(NODE_1).gpusAllocated()).isZero();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void aNodeRebootingToResumeIsBootingFromTheRequestToItsReturn(String release) {
    Node draining = nodes(release, "nodes-reboot-requested.txt").get(NODE_1);
    assertThat(draining.state().flags()).contains("DRAIN", "REBOOT_REQUESTED");
    assertThat(draining.state().nextState()).contains("RESUME");
    assertThat(draining.state().service()).isEqualTo(NodeService.BOOTING);

    Node issued = nodes(release, "nodes-reboot-issued.txt").get(NODE_1);
    assertThat(issued.state().flags()).contains("REBOOT_ISSUED");
    assertThat(issued.state().service()).as(issued.state().raw()).isEqualTo(NodeService.BOOTING);
    assertThat(issued.state().unavailable()).isFalse();

    Node back = nodes(release, "nodes-rebooted.txt").get(NODE_1);
    assertThat(back.state().service()).as(back.state().raw()).isEqualTo(NodeService.IN_SERVICE);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void aDrainedNodeIsOutOfServiceAndASleepingCloudNodeIsPoweredDown(String release) {
    Map<String, Node> nodes = nodes(release, "nodes-drained.txt");

    assertThat(nodes.get(NODE_2).state().service()).isEqualTo(NodeService.OUT_OF_SERVICE);
    assertThat(nodes.get(NODE_2).reason()).map(NodeReason::text).contains("disk check");
    assertThat(nodes.get(CLOUD_NODE).state().service()).isEqualTo(NodeService.POWERED_DOWN);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void aNodeInAMaintenanceReservationIsInServiceAndNamesItsReservationFrom23(String release) {
    Node node = nodes(release, "nodes-reserved.txt").get(NODE_2);

    assertThat(node.state().raw()).isEqualTo("IDLE+MAINTENANCE+RESERVED");
    assertThat(node.state().category()).isEqualTo("maint");
    assertThat(node.state().service()).isEqualTo(NodeService.IN_SERVICE);
    // 22.05 prints no ReservationName in a node's record; 24.11 and 26.05 do
    assertThat(node.reservation()).isEqualTo(release.equals("22.05") ? java.util.Optional.empty() : java.util.Optional.of("maint"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void anOperatorsReasonWithAKeyValueEndsWhereSlurmsNextKeyBeginsAndTheInstanceIsRead(String release) {
    String line = read(release, "nodes-annotated.txt").lines().filter(l -> l.startsWith("NodeName=" + NODE_2 + " ")).findFirst().orElseThrow();
    Node node = nodes(release, "nodes-annotated.txt").get(NODE_2);

    assertThat(node.reason()).map(NodeReason::text).contains("ecc errors ticket=1234");
    assertThat(line).contains("Comment=queue compute-gpu", "Extra=rack=a1");
    if (release.equals("22.05")) {
      assertThat(line).as("22.05 has no instance fields").doesNotContain("InstanceId=");
      assertThat(node.instanceId()).isEmpty();
    } else {
      // the order ReleaseFixturesTest's hand-written fixtures follow: Reason, Comment, Extra, InstanceId, InstanceType
      assertThat(line).containsSubsequence("Reason=", "Comment=", "Extra=", "InstanceId=", "InstanceType=");
      assertThat(node.instanceId()).contains("i-0123456789abcdef0");
      assertThat(node.instanceType()).contains("p5.48xlarge");
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void aJobWaitingForMoreNodesThanAreUpWaitsForResourcesBySlurmsName(String release) {
    Parsed<Job> jobs = JobsParser.parse(read(release, "squeue.txt"));
    assertThat(jobs.problems()).isEmpty();
    Map<String, Job> byName = jobs.records().stream().collect(Collectors.toMap(Job::name, Function.identity(), (first, second) -> first));

    Job wide = byName.get("wide");
    assertThat(wide.state()).isEqualTo("PENDING");
    assertThat(wide.reason()).hasValueSatisfying(text -> assertThat(text).startsWith("Nodes required for job are DOWN, DRAINED"));
    assertThat(JobReason.name(wide.reason().orElseThrow())).isEqualTo("Resources");
    assertThat(byName.get("held").reason()).contains("JobHeldUser");
  }

  @ParameterizedTest
  @MethodSource("releases")
  void everyReasonAWaitingJobWasGivenHasSlurmsName(String release) {
    for (String file : List.of("squeue.txt", "squeue-draining.txt")) {
      Parsed<Job> jobs = JobsParser.parse(read(release, file));
      assertThat(jobs.problems()).as(file).isEmpty();
      assertThat(jobs.records()).as(file).filteredOn(job -> job.state().equals("PENDING"))
          .extracting(job -> JobReason.name(job.reason().orElse("")))
          .isNotEmpty()
          .allSatisfy(name -> assertThat(name).isIn("Resources", "ReqNodeNotAvail", "Priority", "JobHeldUser"));
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void fromSlurm2511TheSchedulersFiguresComeFromSlurmctldsOwnMetricsAsSdiagPrintsThem(String release) {
    Optional<URI> endpoint = ControllerMetrics.schedulerEndpoint(read(release, "show-config.txt"));
    if (release.compareTo("25.11") < 0) {
      assertThat(endpoint).as("no MetricsType before 25.11").isEmpty();
      return;
    }
    assertThat(endpoint).hasValueSatisfying(uri -> assertThat(uri.toString()).matches("http://127\\.0\\.0\\.1:\\d+/metrics/scheduler"));
    SchedulerStats metrics = OpenMetricsScheduler.parse(read(release, "scheduler-metrics.txt"));
    SchedulerStats sdiag = SdiagParser.parse(read(release, "sdiag.txt"));
    assertThat(metrics).usingRecursiveComparison()
        .comparingOnlyFields("jobsSubmitted", "jobsStarted", "jobsCompleted", "jobsCanceled", "jobsFailed", "agentQueueSize",
            "dbdAgentQueueSize", "backfilledJobsSinceStart", "backfilledHeterogeneous")
        .isEqualTo(sdiag);
    assertThat(metrics.jobsSubmitted()).as("jobs since the reconfigure, which restarted the counters here").isPositive();
    assertThat(metrics.meanCycle()).as("microseconds, as sdiag's").isBetween(sdiag.meanCycle() / 2, sdiag.meanCycle() * 2);
    assertThat(metrics.rpcCounts()).as("sdiag's alone").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("releases")
  void partitionsAndSdiagAreRead(String release) {
    assertThat(PartitionsParser.parse(read(release, "partitions.txt")).problems()).isEmpty();
    assertThat(SdiagParser.parse(read(release, "sdiag.txt")).serverThreads()).isPositive();
    assertThat(read(release, "version.txt")).contains(" " + release + ".");
  }
}
