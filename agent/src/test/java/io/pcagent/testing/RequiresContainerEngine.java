package io.pcagent.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables a test class, saying why in the report and on stderr, where no Docker engine answers: Testcontainers
 * tests must never fail a build for the lack of one.
 */
public final class RequiresContainerEngine implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.enabled("a Docker engine answers");
    }
    String reason = "no Docker engine answers (DOCKER_HOST=" + System.getenv().getOrDefault("DOCKER_HOST", "unset")
        + "): `scripts/container-engine.sh start` starts podman's and prints what to export, as make test does (docs/development.md)";
    System.err.println(context.getDisplayName() + " skipped: " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }
}
