package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.testing.LiveCapture;
import io.pcagent.testing.NodeHistory;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SlurmContainer;
import io.pcagent.testing.SlurmContainer.Release;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** The scenario's steps on one release; each waits for the agent's next refresh to see what Slurm did. */
record OperatorsDay(Release release, SlurmContainer cluster, RunningAgent agent, LiveCapture live, Path work) {
  static final String NODE_1 = "compute-gpu-st-distributed-ml-1";
  static final String NODE_2 = "compute-gpu-st-distributed-ml-2";
  static final String CLOUD_NODE = "compute-gpu-dy-distributed-ml-1";
  private static final Duration SEEN = Duration.ofSeconds(30);

  void idle() throws Exception {
    live.awaitState(NODE_1, "IDLE", SEEN);
    live.awaitState(NODE_2, "IDLE", SEEN);
    live.keep("nodes-idle.txt", LiveCapture.NODES);
    live.keep("partitions.txt", java.util.List.of("scontrol", "show", "partitions", "-o"));
    JsonNode node1 = awaitNode(NODE_1, n -> n.path("service").asText().equals("in_service"));
    assertThat(node1.path("state").asText()).isEqualTo("idle");
    assertThat(node1.path("gres").asText()).isEqualTo("gpu:h100:2,gpu:a100:2");
    assertThat(node1.path("gpusTotal").asInt()).isEqualTo(4);
    assertThat(node1.path("version").asText()).startsWith(release.version() + ".");
    JsonNode cloud = awaitNode(CLOUD_NODE, n -> true);
    assertThat(cloud.path("service").asText()).as("%s", cloud).isEqualTo("powered_down");
    assertThat(cloud.path("flags").toString()).contains("\"CLOUD\"", "\"POWERED_DOWN\"");
    String metrics = awaitMetrics(m -> value(m, "slurm_nodes_powered_down") == 1);
    assertThat(value(metrics, "slurm_node_gpus_total{node=\"" + NODE_1 + "\"}")).isEqualTo(4);
    assertThat(value(metrics, "slurm_nodes_idle")).isEqualTo(3);
    assertThat(value(metrics, "slurm_partition_gpus{kind=\"total\",partition=\"compute-gpu\"}")).isEqualTo(8);
  }

  long gpuJob() throws Exception {
    long job = submit("-w", NODE_1, "--gres=gpu:h100:1,gpu:a100:2", "-o", "/dev/null", "--wrap", "sleep 600");
    live.awaitState(NODE_1, "MIXED", SEEN);
    live.keep("nodes-gpu-job-without-d.txt", LiveCapture.NODES_WITHOUT_DETAIL);
    live.keep("nodes-gpu-job.txt", LiveCapture.NODES);
    JsonNode node1 = awaitNode(NODE_1, n -> n.path("gpusAllocated").asInt() == 3);
    assertThat(node1.path("state").asText()).isEqualTo("mix");
    assertThat(node1.path("service").asText()).isEqualTo("in_service");
    String metrics = awaitMetrics(m -> value(m, "slurm_node_gpus_alloc{node=\"" + NODE_1 + "\"}") == 3);
    assertThat(value(metrics, "slurm_partition_gpus{kind=\"alloc\",partition=\"compute-gpu\"}")).isEqualTo(3);
    assertThat(value(metrics, "slurm_nodes_mix")).isEqualTo(1);
    return job;
  }

  void drainedNodeAndWaitingJobs() throws Exception {
    long busy = submit("-w", NODE_2, "-n", "2", "-o", "/dev/null", "--wrap", "sleep 600");
    live.awaitState(NODE_2, "ALLOCATED", SEEN);
    awaitNode(NODE_2, n -> n.path("state").asText().equals("alloc"));
    cluster.exec("scontrol", "update", "nodename=" + NODE_2, "state=drain", "reason=disk check");
    long wide = submit("--job-name=wide", "-N", "3", "-o", "/dev/null", "--wrap", "sleep 1");
    long held = submit("--job-name=held", "-H", "-o", "/dev/null", "--wrap", "sleep 1");
    // the reason changes as schedulers pass (Resources, then ReqNodeNotAvail, ...): kept, not asserted here
    awaitJobReason(wide, r -> !r.equals("None"));
    live.keep("squeue-draining.txt", LiveCapture.squeue());
    JsonNode node2 = awaitNode(NODE_2, n -> n.path("reason").path("text").asText().equals("disk check"));
    assertThat(node2.path("state").asText()).as("allocated and draining").isEqualTo("drain");
    assertThat(node2.path("service").asText()).isEqualTo("out_of_service");

    cluster.exec("scancel", Long.toString(busy));
    live.awaitState(NODE_2, "IDLE\\+DRAIN", SEEN);
    cluster.exec("scontrol", "reconfigure"); // a scheduling pass now, not at the next periodic one
    awaitJobReason(wide, r -> r.startsWith("Nodes required for job are DOWN, DRAINED"));
    live.keep("squeue.txt", LiveCapture.squeue());
    live.keep("nodes-drained.txt", LiveCapture.NODES);
    String metrics = awaitMetrics(m -> value(m, "slurm_queue_pending_reason{reason=\"Resources\"}") == 1);
    assertThat(value(metrics, "slurm_queue_pending_reason{reason=\"JobHeldUser\"}")).isEqualTo(1);
    assertThat(value(metrics, "slurm_nodes_drain")).isEqualTo(1);
    assertThat(value(metrics, "slurm_node_reason_info{node=\"" + NODE_2 + "\",reason=\"disk check\"}")).isEqualTo(1);
    assertThat(agent.json("/v1/jobs/" + wide).path("reason").asText()).startsWith("Nodes required for job are DOWN, DRAINED");
    cluster.exec("scancel", Long.toString(wide), Long.toString(held));
    cluster.exec("scontrol", "update", "nodename=" + NODE_2, "state=resume");
    live.awaitState(NODE_2, "IDLE", SEEN);
  }

  /**
   * What ParallelCluster writes on its nodes beside an operator's drain: a comment, extra, and the EC2
   * instance (scontrol(1) of 22.05.8 has Comment and Extra, no InstanceId or InstanceType; 24.11.5's and 26.05.5's
   * have all four). The reason carries a key=value of the operator's own: it ends where Slurm's next key begins.
   */
  void annotatedDrain() throws Exception {
    boolean instances = release != Release.SLURM_22_05;
    java.util.List<String> update = new java.util.ArrayList<>(java.util.List.of("scontrol", "update", "nodename=" + NODE_2,
        "state=drain", "reason=ecc errors ticket=1234", "comment=queue compute-gpu", "extra=rack=a1"));
    if (instances) {
      update.addAll(java.util.List.of("instanceid=i-0123456789abcdef0", "instancetype=p5.48xlarge"));
    }
    cluster.exec(update.toArray(String[]::new));
    live.awaitState(NODE_2, "IDLE\\+DRAIN", SEEN);
    live.keep("nodes-annotated.txt", LiveCapture.NODES);
    JsonNode node2 = awaitNode(NODE_2, n -> n.path("reason").path("text").asText().equals("ecc errors ticket=1234"));
    assertThat(node2.path("reason").path("user").asText()).isEqualTo("root");
    if (instances) {
      assertThat(node2.path("instanceId").asText()).isEqualTo("i-0123456789abcdef0");
      assertThat(node2.path("instanceType").asText()).isEqualTo("p5.48xlarge");
      awaitMetrics(m -> m.contains("slurm_node_info{instance_id=\"i-0123456789abcdef0\",instance_type=\"p5.48xlarge\",node=\"" + NODE_2));
    } else {
      assertThat(node2.path("instanceId").isNull()).as("%s", node2).isTrue();
    }
    cluster.exec("scontrol", "update", "nodename=" + NODE_2, "state=resume");
    live.awaitState(NODE_2, "IDLE", SEEN);
  }

  void maintenanceReservation() throws Exception {
    cluster.exec("scontrol", "create", "reservation", "reservationname=maint", "starttime=now", "duration=60",
        "nodes=" + NODE_2, "flags=maint", "users=root");
    live.awaitState(NODE_2, "IDLE\\+MAINTENANCE\\+RESERVED", SEEN);
    live.keep("nodes-reserved.txt", LiveCapture.NODES);
    JsonNode node2 = awaitNode(NODE_2, n -> n.path("state").asText().equals("maint"));
    assertThat(node2.path("service").asText()).isEqualTo("in_service");
    // Live: 22.05.8 prints no ReservationName in a node's record; 24.11.5 and 26.05.5 do.
    if (release == Release.SLURM_22_05) {
      assertThat(node2.path("reservation").isNull()).as("%s", node2).isTrue();
    } else {
      assertThat(node2.path("reservation").asText()).isEqualTo("maint");
    }
    awaitMetrics(m -> value(m, "slurm_nodes_maint") == 1);
    cluster.exec("scontrol", "delete", "reservation=maint");
  }

  void rebootAsap(long gpuJob) throws Exception {
    try (NodeHistory history = new NodeHistory(agent, NODE_1)) {
      cluster.exec("scontrol", "reboot", "ASAP", "nextstate=resume", NODE_1);
      live.awaitState(NODE_1, "MIXED\\+DRAIN\\+REBOOT_REQUESTED", SEEN);
      live.keep("nodes-reboot-requested.txt", LiveCapture.NODES);
      awaitNode(NODE_1, n -> n.path("rawState").asText().contains("REBOOT_REQUESTED"));
      cluster.exec("scancel", Long.toString(gpuJob));
      live.awaitState(NODE_1, "[A-Z+]*REBOOT_ISSUED", SEEN);
      live.keep("nodes-reboot-issued.txt", LiveCapture.NODES);
      awaitNode(NODE_1, n -> n.path("rawState").asText().contains("REBOOT_ISSUED"));
      live.awaitState(NODE_1, "IDLE", Duration.ofSeconds(60));
      live.keep("nodes-rebooted.txt", LiveCapture.NODES);
      awaitNode(NODE_1, n -> n.path("rawState").asText().equals("IDLE"));
      assertThat(history.awaitLast("in_service", SEEN)).as("%s", history.changes()).containsExactly("in_service", "booting", "in_service");
    }
    assertThat(value(agent.get("/metrics").body(), "slurm_node_service{node=\"" + NODE_1 + "\",service=\"in_service\"}")).isEqualTo(1);
  }

  void cloudNodeUpAndDownAgain(NodeHistory cloud) throws Exception {
    live.awaitState(CLOUD_NODE, "IDLE\\+CLOUD\\+POWERED_DOWN", Duration.ofSeconds(150));
    awaitNode(CLOUD_NODE, n -> n.path("rawState").asText().equals("IDLE+CLOUD+POWERED_DOWN"));
    assertThat(cloud.awaitLast("powered_down", SEEN)).as("%s", cloud.changes())
        .containsExactly("powered_down", "booting", "in_service", "powered_down");
    assertThat(Files.readString(cluster.shared().resolve("cloud.out"))).as("the job's nvidia-smi -L")
        .startsWith("GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-").contains("\nGPU 1: ");
  }

  /** Where the agent takes the scheduler's figures: slurmctld's own metrics from 25.11, else sdiag (its RPCs counted). */
  void scheduler() throws Exception {
    live.keep("version.txt", java.util.List.of("scontrol", "version"));
    live.keep("show-config.txt", java.util.List.of("scontrol", "show", "config"));
    if (release.servesMetrics()) {
      String endpoint = "http://127.0.0.1:" + cluster.controllerPort() + "/metrics/scheduler";
      // HTTP/1.1: slurmctld answers an h2c upgrade with "HTTP protocol upgrading is not supported."
      live.keepText("scheduler-metrics.txt", java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
    long before = statsRequests();
    Thread.sleep(3 * RunningAgent.TEST_CADENCE.scheduler().toMillis());
    long after = statsRequests();
    // each sdiag counts itself: 1 is ours alone
    if (release.servesMetrics()) {
      assertThat(after - before).as("sdiag RPCs beside ours while the agent refreshed three times").isEqualTo(1);
    } else {
      assertThat(after - before).as("the agent's sdiag RPCs beside ours").isGreaterThanOrEqualTo(2);
    }
    assertThat(value(awaitMetrics(m -> value(m, "pcagent_source_up{source=\"scheduler\"}") == 1), "slurm_scheduler_threads"))
        .isNotNegative();
  }

  private long statsRequests() throws Exception {
    String sdiag = live.keep("sdiag.txt", java.util.List.of("sdiag"));
    return SdiagParser.parse(sdiag).rpcCounts().getOrDefault("REQUEST_STATS_INFO", 0L);
  }

  void smokeTest() throws Exception {
    String body = "{\"timeoutSeconds\":120,\"sharedDirs\":[\"" + cluster.shared() + "\"]}";
    HttpResponse<String> accepted = agent.send("POST", "/v1/smoke-tests", body, Optional.of(agent.token()));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = RunningAgent.parse(accepted.body()).get("id").asText();
    JsonNode run = RunningAgent.parse(agent.await("/v1/smoke-tests/" + id,
        r -> r.body().contains("\"state\":\"succeeded\"") || r.body().contains("\"state\":\"failed\""), Duration.ofSeconds(180)).body());
    assertThat(run.path("result").path("verdict").asText()).as("%s", run).isEqualTo("pass");
    assertThat(run.path("result").toString()).contains(NODE_1, NODE_2);
    awaitMetrics(m -> value(m, "pcagent_smoke_test_nodes{result=\"pass\"}") == 2);
  }

  void apiJobSubmittedAndCancelled() throws Exception {
    String body = "{\"script\":\"#!/bin/bash\\nsleep 600\\n\",\"name\":\"matrix\",\"nodes\":1,\"timeLimit\":\"5:00\"}";
    HttpResponse<String> accepted = agent.send("POST", "/v1/jobs", body, Optional.of(agent.token()));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    long jobId = RunningAgent.parse(accepted.body()).path("slurmJobId").asLong();
    assertThat(jobId).as(accepted.body()).isPositive();
    agent.await("/v1/jobs/" + jobId, r -> r.body().contains("\"state\":\"RUNNING\""), SEEN);
    HttpResponse<String> cancelled = agent.send("DELETE", "/v1/jobs/" + jobId, null, Optional.of(agent.token()));
    assertThat(cancelled.statusCode()).as(cancelled.body()).isBetween(200, 299);
    agent.await("/v1/jobs/" + jobId, r -> r.body().contains("\"state\":\"CANCELLED\""), SEEN);
  }

  long submit(String... args) throws Exception {
    String[] argv = new String[args.length + 2];
    argv[0] = "sbatch";
    argv[1] = "--parsable";
    System.arraycopy(args, 0, argv, 2, args.length);
    return Long.parseLong(cluster.exec(argv).strip().split(";")[0]);
  }

  private JsonNode awaitNode(String node, Predicate<JsonNode> condition) throws Exception {
    return RunningAgent.parse(agent.await("/v1/nodes/" + node, r -> {
      try {
        return r.statusCode() == 200 && condition.test(RunningAgent.parse(r.body()));
      } catch (java.io.IOException e) {
        return false;
      }
    }, SEEN).body());
  }

  private String awaitMetrics(Predicate<String> condition) throws Exception {
    return agent.await("/metrics", r -> condition.test(r.body()), SEEN).body();
  }

  /** The value of one series (name and labels as the agent writes them, labels sorted); -1 when absent. */
  private static double value(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst().orElse(-1);
  }

  /** Waits until squeue prints a reason for the job that satisfies the condition; that reason. */
  private String awaitJobReason(long jobId, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + SEEN.toNanos();
    String reason = cluster.exec("squeue", "--noheader", "--jobs=" + jobId, "--format=%r").strip();
    while (!condition.test(reason)) {
      assertThat(System.nanoTime()).as("job %d's reason: %s", jobId, reason).isLessThan(deadline);
      Thread.sleep(500);
      reason = cluster.exec("squeue", "--noheader", "--jobs=" + jobId, "--format=%r").strip();
    }
    return reason;
  }
}
