package io.pcagent.bootstrap.pcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code pcluster} CLI's JSON contract (ParallelCluster 3). Mind the spelling: create and list answer
 * {@code cloudformationStackStatus}, describe answers {@code cloudFormationStackStatus}. A cluster that does
 * not exist answers a non-zero exit with {@code {"message": "Cluster '...' does not exist ..."}}.
 */
public final class PclusterCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final CommandRunner runner;
  private final String program;
  private final String region;

  public PclusterCli(CommandRunner runner, String program, String region) {
    this.runner = runner;
    this.program = program;
    this.region = region;
  }

  /** The command {@link #create} runs, for {@code --dry-run} to show. */
  public List<String> createCommand(String name, Path configuration) {
    return argv("create-cluster", "--cluster-name", name, "--cluster-configuration", configuration.toString(),
        "--region", region, "--rollback-on-failure", "false");
  }

  /** The command {@link #delete} runs. */
  public List<String> deleteCommand(String name) {
    return argv("delete-cluster", "--cluster-name", name, "--region", region);
  }

  /** The command {@link #describe} runs. */
  public List<String> describeCommand(String name) {
    return argv("describe-cluster", "--cluster-name", name, "--region", region);
  }

  public ClusterStatus create(String name, Path configuration) {
    JsonNode out = call(createCommand(name, configuration)).orElseThrow(() -> failed("create-cluster", name));
    return status(out.path("cluster"), "cloudformationStackStatus");
  }

  /** The cluster, or empty when pcluster says it does not exist. */
  public Optional<ClusterStatus> describe(String name) {
    return call(describeCommand(name)).map(out -> status(out, "cloudFormationStackStatus"));
  }

  /** The command {@link #version} runs. */
  public List<String> versionCommand() {
    return argv("version");
  }

  /** {@code pcluster version}: the version of the installed CLI ({@code {"version": "3.13.1"}}). */
  public String version() {
    JsonNode out = call(versionCommand()).orElseThrow(() -> new PcagentException(ExitCode.FAILURE, "pcluster version answered nothing"));
    String version = out.path("version").asText("");
    if (version.isEmpty()) {
      throw new PcagentException(ExitCode.FAILURE, "pcluster version did not say its version: " + out);
    }
    return version;
  }

  /** Starts the deletion; false when the cluster was already gone (which is what delete wants). */
  public boolean delete(String name) {
    return call(deleteCommand(name)).isPresent();
  }

  private List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(List.of(program));
    argv.addAll(List.of(args));
    return argv;
  }

  private Optional<JsonNode> call(List<String> argv) {
    String command = argv.get(1);
    CommandResult result;
    try {
      result = runner.runAllowingFailure(Command.of(argv).withTimeout(TIMEOUT));
    } catch (CommandFailedException e) {
      throw new PcagentException(ExitCode.UNREACHABLE, "pcluster " + command + ": " + e.getMessage(), e);
    }
    JsonNode out = parse(result.stdout(), command);
    if (result.exitCode() == 0) {
      return Optional.of(out);
    }
    String message = out.path("message").asText(result.stderr().strip());
    if (message.contains("does not exist")) {
      return Optional.empty();
    }
    throw new PcagentException(ExitCode.FAILURE, "pcluster " + command + ": " + message);
  }

  private static JsonNode parse(String stdout, String command) {
    int start = stdout.indexOf('{');
    if (start < 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(stdout.substring(start));
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, "pcluster " + command + " did not answer JSON: " + e.getMessage(), e);
    }
  }

  private static ClusterStatus status(JsonNode cluster, String stackField) {
    List<ClusterStatus.Failure> failures = new ArrayList<>();
    cluster.path("failures").forEach(f -> failures.add(new ClusterStatus.Failure(f.path("failureCode").asText(),
        f.path("failureReason").asText())));
    return new ClusterStatus(cluster.path("clusterName").asText(), cluster.path("clusterStatus").asText(),
        cluster.path(stackField).asText(), Optional.ofNullable(cluster.get("version")).map(JsonNode::asText),
        Optional.ofNullable(cluster.path("headNode").get("instanceId")).map(JsonNode::asText), failures);
  }

  private static PcagentException failed(String command, String name) {
    return new PcagentException(ExitCode.FAILURE, "pcluster " + command + ": cluster " + name + " was not created");
  }
}
