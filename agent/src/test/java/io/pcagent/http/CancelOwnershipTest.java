package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.app.AgentRuntime;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.runner.CancelRequests;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunKind;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.testing.FixtureSlurm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the token may cancel: the runner runs scancel as root, which Slurm lets cancel any user's job, so by default the
 * API cancels only what the agent submitted (a run of the store holds the Slurm job id); {@code jobs.cancelAnyJob}
 * widens it. Slurm's queue is ParallelCluster 24.11 output: job 1201 runs, as ubuntu, submitted by hand.
 */
class CancelOwnershipTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final FixtureSlurm slurm = new FixtureSlurm()
      .nodes(FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/24.11/nodes.txt"))
      .jobs(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/24.11/squeue.txt"))
      .partitions(FixtureSlurm.resource("/io/pcagent/slurm/ReleaseFixturesTest/24.11/partitions.txt"))
      .sdiag(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/22.05/sdiag.txt"));
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void byDefaultAJobTheAgentDidNotSubmitIsForbiddenAndNotCancelled() throws Exception {
    try (AgentRuntime agent = start(JobsConfig.DEFAULTS)) {
      HttpResponse<String> refused = delete(agent, "1201");

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(refused.body()).path("detail").asText()).isEqualTo("job 1201 was not submitted by the agent: the "
          + "token cancels only the agent's own jobs (API jobs and smoke tests); jobs.cancelAnyJob: true lets it cancel any job");
      assertThat(agent.store().cancelRequests().pending()).isEmpty();
      assertThat(delete(agent, "999999").statusCode()).as("a job Slurm does not know is still a 404").isEqualTo(404);
    }
  }

  @Test
  void aJobOfTheAgentsOwnRunsIsCancelled() throws Exception {
    try (AgentRuntime agent = start(JobsConfig.DEFAULTS)) {
      Run run = agent.store().insert(RunKind.JOB, "{}");
      agent.store().claimNext("test");
      agent.store().markSubmitted(run.id(), 1201);

      HttpResponse<String> accepted = delete(agent, "1201");

      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThat(agent.store().cancelRequests().pending()).extracting(CancelRequests.Request::jobId).containsExactly(1201L);
    }
  }

  @Test
  void withCancelAnyJobTheTokenCancelsAnyJob() throws Exception {
    try (AgentRuntime agent = start(new JobsConfig("pcagent-jobs", 1024, true))) {
      HttpResponse<String> accepted = delete(agent, "1201");

      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      JsonNode body = JSON.readTree(accepted.body());
      assertThat(body.path("state").asText()).isEqualTo("RUNNING");
      assertThat(agent.store().cancelRequests().pending()).extracting(CancelRequests.Request::jobId).containsExactly(1201L);
    }
  }

  private AgentRuntime start(JobsConfig jobs) throws Exception {
    AgentConfig config = new AgentConfig(
        new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(5), 1 << 20),
        HttpConfig.plain("127.0.0.1", 0), CollectConfig.DEFAULTS, new HealthConfig(OptionalInt.empty()),
        new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(dir.resolve("token"), false), jobs);
    AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC(), slurm);
    assertThat(agent.awaitReady(Duration.ofSeconds(10))).isTrue();
    return agent;
  }

  private HttpResponse<String> delete(AgentRuntime agent, String id) throws Exception {
    String token = Files.readString(dir.resolve("token")).strip();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/v1/jobs/" + id))
        .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }
}
