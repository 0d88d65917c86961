package io.pcagent.validate;

import io.pcagent.cli.ProgressLine;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.ParseProblem;
import io.pcagent.slurm.Parsed;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.smoke.SmokeResult;
import io.pcagent.smoke.SmokeTestRequest;
import io.pcagent.smoke.SmokeTests;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Validation straight against Slurm, for when no agent answers (or {@code --direct}). */
public final class DirectValidation {
  private final SlurmClient slurm;
  private final SmokeTests smokeTests;

  private final ProgressLine progress;

  public DirectValidation(SlurmClient slurm, SmokeTests smokeTests, ProgressLine progress) {
    this.slurm = slurm;
    this.smokeTests = smokeTests;
    this.progress = progress;
  }

  public ValidationReport run(SmokeTestRequest request, OptionalInt expectNodes, String runId)
      throws InterruptedException, IOException {
    Parsed<Node> parsed;
    try {
      parsed = slurm.nodes();
    } catch (CommandFailedException e) {
      throw new PcagentException(ExitCode.UNREACHABLE, "slurmctld does not answer: " + e.getMessage(), e);
    }
    List<ValidationReport.Check> checks = new ArrayList<>();
    checks.add(new ValidationReport.Check("slurm-controller", "pass", "slurmctld answers"));
    List<Node> nodes = parsed.records();
    if (!parsed.problems().isEmpty()) {
      // A node whose record cannot be read cannot be judged: the validation cannot pass over it.
      checks.add(new ValidationReport.Check("slurm-output", "fail", parsed.problems().size() + " node record(s) could not be read: "
          + String.join("; ", parsed.problems().stream().map(ParseProblem::summary).toList())));
    }
    List<Node> selected = nodes.stream()
        .filter(n -> request.partitions().isEmpty() || n.partitions().stream().anyMatch(request.partitions()::contains))
        .toList();
    checks.add(Checks.expectedNodes(selected.size(), expectNodes));
    List<String> unavailable = selected.stream().filter(n -> n.state().unavailable())
        .map(n -> n.name() + " " + n.state().raw() + n.reason().map(r -> " (" + r.text() + ")").orElse("")).toList();
    checks.add(Checks.usableNodes(unavailable, selected.size()));
    try {
      SmokeResult result = smokeTests.runToEnd(runId, request, Duration.ofSeconds(1),
          p -> progress.show("smoke test " + runId + ": nodes reported " + p.reported() + "/" + p.expected()));
      progress.done();
      checks.add(Checks.smokeTest(result.verdict(), runId, result.count("pass"), result.nodes().size()));
      return new ValidationReport("direct", checks, result.nodes());
    } catch (CommandFailedException e) {
      checks.add(new ValidationReport.Check("smoke-test", "fail", "could not run: " + e.getMessage()));
      return new ValidationReport("direct", checks, List.of());
    }
  }
}
