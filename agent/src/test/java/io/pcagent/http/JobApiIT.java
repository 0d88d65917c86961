package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.app.InProcessRunner;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.slurm.SdiagParser;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Jobs over the API against the sandbox: the token, bad input, the job user, output followed live, cancel. */
@ExtendWith(SandboxExtension.class)
class JobApiIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static RunningAgent agent;
  private static InProcessRunner runner;
  private static String token;

  @BeforeAll
  static void start(SandboxCluster cluster) throws Exception {
    agent = RunningAgent.start(cluster, OptionalInt.empty());
    runner = InProcessRunner.start(agent.config(), Clock.systemUTC());
    token = agent.token();
  }

  @AfterAll
  static void stop() {
    runner.close();
    agent.close();
  }

  private static HttpResponse<String> send(String method, String path, String body, Optional<String> bearer) throws Exception {
    return agent.send(method, path, body, bearer);
  }

  private static String detail(HttpResponse<String> response) throws Exception {
    return RunningAgent.parse(response.body()).get("detail").asText();
  }

  private static JsonNode submit(String script) throws Exception {
    return submit(script, 1);
  }

  private static JsonNode submit(String script, int nodes) throws Exception {
    String body = "{\"script\":" + new ObjectMapper().writeValueAsString(script)
        + ",\"name\":\"it\",\"nodes\":" + nodes + ",\"timeLimit\":\"5:00\"}";
    HttpResponse<String> accepted = send("POST", "/v1/jobs", body, Optional.of(token));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode run = RunningAgent.parse(accepted.body());
    assertThat(run.get("slurmJobId").isNumber()).as("the runner submitted it within the wait: %s", run).isTrue();
    return run;
  }

  @Test
  void everyJobRouteNeedsTheToken() throws Exception {
    for (Optional<String> bearer : List.of(Optional.<String>empty(), Optional.of(token + "0"))) {
      assertThat(send("POST", "/v1/jobs", "{\"script\":\"#!/bin/bash\\n\"}", bearer).statusCode()).isEqualTo(401);
      assertThat(send("DELETE", "/v1/jobs/1", null, bearer).statusCode()).isEqualTo(401);
      assertThat(send("GET", "/v1/jobs/1/output", null, bearer).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void badSubmissionsAre400sThatNameTheField() throws Exception {
    Optional<String> auth = Optional.of(token);
    assertThat(detail(send("POST", "/v1/jobs", "{\"script\":\"#!/bin/bash\\u0000\\n\"}", auth))).isEqualTo("script: contains a NUL byte");
    assertThat(detail(send("POST", "/v1/jobs", "{\"script\":\"#!/bin/bash\\n\",\"nodes\":-2}", auth)))
        .isEqualTo("nodes: must be an integer from 1 to 10000, got -2");
    assertThat(detail(send("POST", "/v1/jobs", "{\"script\":\"#!/bin/bash\\n\",\"partition\":\"nope\"}", auth)))
        .isEqualTo("partition: 'nope' does not exist");
    assertThat(detail(send("POST", "/v1/jobs", "{\"script\":\"#!/bin/bash\\n\",\"nodez\":1,\"user\":\"root\"}", auth)))
        .isEqualTo("unknown fields: nodez, user (allowed: env, name, nodes, ntasksPerNode, partition, script, timeLimit)");
    assertThat(detail(send("POST", "/v1/jobs", "{\"script\":\"echo hi\"}", auth)))
        .isEqualTo("script: must start with #! (an interpreter line such as #!/bin/bash)");
    assertThat(detail(send("POST", "/v1/jobs", "{\"script\":\"#!/bin/bash\\n\",\"env\":{\"SLURM_JOB_ID\":\"1\"}}", auth)))
        .startsWith("env: 'SLURM_JOB_ID' is not an allowed variable name");
    assertThat(send("POST", "/v1/jobs", "{\"script\":\"#!/bin/bash\\n#" + "x".repeat(1_200_000) + "\"}", auth).statusCode())
        .isEqualTo(413);
    assertThat(send("POST", "/v1/jobs", "{oops", auth).statusCode()).isEqualTo(400);
    assertThat(send("DELETE", "/v1/jobs/999999", null, auth).statusCode()).isEqualTo(404);
    assertThat(detail(send("GET", "/v1/jobs/r-0-0", null, auth))).isEqualTo("no job run r-0-0");
    assertThat(send("GET", "/v1/jobs/1;ls/output", null, auth).statusCode()).isEqualTo(400);
  }

  @Test
  void aBareSrunOnThreeNodesRunsAsTheJobUserAndWritesIntoTheSharedHome(SandboxCluster cluster) throws Exception {
    Path out = cluster.layout().sharedHome().resolve("it-api-job-" + System.nanoTime());
    JsonNode run = submit("#!/bin/bash\nset -e\necho \"${PATH%%:*}\"\nmkdir " + out + "\n"
        + "srun -N3 --ntasks-per-node=1 bash -c 'echo \"$(id -un) $(id -u):$(id -g)\" > " + out + "/$SLURMD_NODENAME'\n", 3);
    long job = run.get("slurmJobId").asLong();

    agent.await("/v1/jobs/" + job, r -> r.body().contains("\"COMPLETED\""), Duration.ofSeconds(120));
    JsonNode submission = RunningAgent.parse(agent.get("/v1/jobs/" + run.get("id").asText()).body());
    assertThat(submission.get("slurmJobId").asLong()).as("the Location of the submission: %s", submission).isEqualTo(job);
    assertThat(submission.get("job").get("state").asText()).isEqualTo("COMPLETED");

    CommandRunner runner = new CommandRunner();
    String ids = runner.run(Command.of("id", "-u", "pcagent-jobs")).stdout().strip() + ":"
        + runner.run(Command.of("id", "-g", "pcagent-jobs")).stdout().strip();
    assertThat(send("GET", "/v1/jobs/" + job + "/output", null, Optional.of(token)).body())
        .as("Slurm's folder first on the job's PATH").isEqualTo(cluster.slurmBinDir() + "\n");
    try (Stream<Path> files = Files.list(out)) {
      List<Path> written = files.sorted().toList();
      assertThat(written).hasSize(3);
      for (Path file : written) {
        assertThat(Files.readString(file)).as("%s", file).isEqualTo("pcagent-jobs " + ids + "\n");
        assertThat(Files.getOwner(file).getName()).isEqualTo("pcagent-jobs");
      }
    }
  }

  @Test
  void aJobRunsAsTheJobUserAndItsOutputIsFollowedUntilItEnds() throws Exception {
    JsonNode run = submit("#!/bin/bash\nid -un\nfor i in 1 2 3 4 5; do echo \"line $i\"; sleep 1; done\necho oops >&2\n");
    long job = run.get("slurmJobId").asLong();

    long started = System.nanoTime();
    HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(agent.uri("/v1/jobs/" + job + "/output?follow=true"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    List<Long> arrivals = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        arrivals.add(System.nanoTime() - started);
      }
    }
    assertThat(lines).containsExactly("pcagent-jobs", "line 1", "line 2", "line 3", "line 4", "line 5");
    assertThat(arrivals.get(5) - arrivals.get(1)).as("lines arrive as the job prints them, not at its end")
        .isGreaterThan(Duration.ofSeconds(3).toNanos());

    HttpResponse<String> resumed = send("GET", "/v1/jobs/" + job + "/output?offset=" + "pcagent-jobs\n".length() + "&limit=7",
        null, Optional.of(token));
    assertThat(resumed.body()).isEqualTo("line 1\n");
    assertThat(send("GET", "/v1/jobs/" + job + "/output?stream=stderr", null, Optional.of(token)).body()).isEqualTo("oops\n");
    JsonNode finished = RunningAgent.parse(agent.await("/v1/jobs/" + job, r -> r.body().contains("COMPLETED"), Duration.ofSeconds(30)).body());
    assertThat(finished.get("name").asText()).isEqualTo("pcagent-job-" + run.get("id").asText());
    assertThat(finished.get("user").asText()).isEqualTo("pcagent-jobs");
  }

  /**
   * The job's environment is the job user's login variables and the request's: nothing of the runner's process (here
   * the test's JVM, whose environment is the runner's; on a head node MALLOC_ARENA_MAX=2, JAVA and PCAGENT variables).
   */
  @Test
  void aJobGetsTheJobUsersEnvironmentAndTheRequestsNothingOfTheRunners() throws Exception {
    String body = "{\"script\":\"#!/bin/bash\\nenv\\n\",\"name\":\"env\",\"env\":{\"NCCL_DEBUG\":\"INFO\"}}";
    HttpResponse<String> accepted = send("POST", "/v1/jobs", body, Optional.of(token));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    long job = RunningAgent.parse(accepted.body()).get("slurmJobId").asLong();
    agent.await("/v1/jobs/" + job, r -> r.body().contains("\"COMPLETED\""), Duration.ofSeconds(60));

    Map<String, String> environment = new java.util.TreeMap<>();
    send("GET", "/v1/jobs/" + job + "/output", null, Optional.of(token)).body().lines().filter(line -> line.contains("="))
        .forEach(line -> environment.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    assertThat(environment).containsEntry("USER", "pcagent-jobs").containsEntry("LOGNAME", "pcagent-jobs")
        .containsEntry("NCCL_DEBUG", "INFO").containsEntry("HOME", "/nonexistent");
    java.util.Set<String> setByLoginBashOrSlurm = java.util.Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "PWD", "SHLVL",
        "_", "OLDPWD", "LANG", "HOSTNAME", "TMPDIR", "ENVIRONMENT", "SLURM_CONF");
    List<String> leaked = System.getenv().keySet().stream()
        .filter(name -> !setByLoginBashOrSlurm.contains(name) && !name.startsWith("SLURM"))
        .filter(environment::containsKey).sorted().toList();
    assertThat(System.getenv()).as("the check can fail: the runner's process has the launcher's variables (the pom sets them)")
        .containsEntry("MALLOC_ARENA_MAX", "2").containsKey("PCAGENT_ARGS");
    assertThat(leaked).as("variables of the runner's process in the job: %s", environment).isEmpty();
  }

  /**
   * Following a job's output takes the job's state from the agent's snapshot: ten streams of a 12-second job cost
   * slurmctld about what the jobs cadence and one look at the job per stream cost (sdiag counts what it served), where
   * one squeue per stream every 500 ms cost over two hundred. Each stream still gets the job's last line.
   */
  @Test
  void followingTenStreamsCostsSlurmctldTheCadenceNotTwoCallsASecondEach(SandboxCluster cluster) throws Exception {
    int streams = 10;
    long job = submit("#!/bin/bash\nfor i in $(seq 1 12); do echo \"line $i\"; sleep 1; done\necho last\n")
        .get("slurmJobId").asLong();
    agent.await("/v1/jobs/" + job, r -> r.body().contains("\"RUNNING\""), Duration.ofSeconds(30));
    long before = jobInfoRpcs(cluster);
    long started = System.nanoTime();

    ExecutorService clients = Executors.newFixedThreadPool(streams);
    List<Future<String>> bodies = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      bodies.add(clients.submit(() -> HTTP.send(HttpRequest.newBuilder(agent.uri("/v1/jobs/" + job + "/output?follow=true"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body()));
    }
    for (Future<String> body : bodies) {
      assertThat(body.get(60, TimeUnit.SECONDS)).endsWith("line 12\nlast\n");
    }
    clients.shutdown();
    long rpcs = jobInfoRpcs(cluster) - before;
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;

    // the jobs snapshot's cadence, the in-process runner following its job (one squeue every runs.poll), one scontrol
    // per stream and a margin; all of them grow with the time taken, as on a loaded machine. The old way was
    // 2 * streams * seconds on top
    long bound = seconds / RunningAgent.TEST_CADENCE.jobs().toSeconds() + seconds * 1000 / agent.config().runs().poll().toMillis()
        + 2L * streams + 5;
    LoggerFactory.getLogger(JobApiIT.class).info("{} streams over {} s: {} job RPCs (bound {})", streams, seconds, rpcs, bound);
    assertThat(rpcs).as("job RPCs slurmctld served for %d streams over %d s", streams, seconds).isLessThanOrEqualTo(bound);
  }

  private static long jobInfoRpcs(SandboxCluster cluster) throws Exception {
    Map<String, Long> counts = SdiagParser.parse(cluster.slurm(Duration.ofSeconds(10), "sdiag").stdout()).rpcCounts();
    return counts.getOrDefault("REQUEST_JOB_INFO", 0L) + counts.getOrDefault("REQUEST_JOB_INFO_SINGLE", 0L);
  }

  @Test
  void cancellingIsIdempotent() throws Exception {
    JsonNode run = submit("#!/bin/bash\nsleep 300\n");
    long job = run.get("slurmJobId").asLong();

    HttpResponse<String> first = send("DELETE", "/v1/jobs/" + job, null, Optional.of(token));
    assertThat(first.statusCode()).isEqualTo(202);
    agent.await("/v1/jobs/" + job + "?fresh=true", r -> r.body().contains("CANCELLED"), Duration.ofSeconds(30));
    HttpResponse<String> again = send("DELETE", "/v1/jobs/" + job, null, Optional.of(token));
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(RunningAgent.parse(again.body()).get("state").asText()).isEqualTo("CANCELLED");
  }
}
