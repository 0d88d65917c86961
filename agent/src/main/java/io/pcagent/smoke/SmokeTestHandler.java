package io.pcagent.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunHandler;
import io.pcagent.runner.RunState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/** Smoke-test runs for the runner: the plan is kept in the run folder, the verdict becomes the run's result. */
public final class SmokeTestHandler implements RunHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SmokeTests smokeTests;

  public SmokeTestHandler(SmokeTests smokeTests) {
    this.smokeTests = smokeTests;
  }

  @Override
  public String jobName(String runId) {
    return SmokeTests.jobName(runId);
  }

  @Override
  public OptionalLong submit(Run run) throws IOException, CommandFailedException {
    SmokeTests.Submitted submitted = smokeTests.submit(run.id(), JSON.readValue(run.parameters(), SmokeTestRequest.class));
    return submitted.jobId() == 0 ? OptionalLong.empty() : OptionalLong.of(submitted.jobId());
  }

  @Override
  public Outcome judge(Run run, long jobId, String jobState) throws IOException {
    SmokeResult result = smokeTests.collect(run.id(), smokeTests.plan(run.id()), jobId, jobState,
        Duration.between(run.createdAt(), Instant.now()));
    String message = "verdict " + result.verdict() + ": " + result.count("pass") + " passed, " + result.count("fail")
        + " failed, " + result.count("missing") + " missing, " + result.count("skipped") + " skipped";
    return new Outcome(result.passed() ? RunState.SUCCEEDED : RunState.FAILED, message, JSON.writeValueAsString(result));
  }

  @Override
  public Duration timeout(Run run) throws IOException {
    return Duration.ofSeconds(smokeTests.plan(run.id()).request().timeoutSeconds());
  }
}
