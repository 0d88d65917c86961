package io.pcagent.health;

import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.Collector;
import io.pcagent.collect.Snapshot;
import io.pcagent.collect.SourceStatus;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunState;
import io.pcagent.runner.RunsSummary;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodeReason;
import io.pcagent.slurm.ParseProblem;
import io.pcagent.slurm.SlurmTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The cluster's health from the last snapshots (never a Slurm call): the controller answers, the expected
 * nodes are there, which nodes are out of service and why, and whether the data is fresh.
 */
public final class HealthChecks {
  public static final String CONTROLLER = "slurm-controller";
  public static final String EXPECTED_NODES = "expected-nodes";
  public static final String UNAVAILABLE_NODES = "nodes-unavailable";
  public static final String FRESHNESS = "snapshot-freshness";
  public static final String SMOKE_TEST = "smoke-test";
  public static final String SLURM_OUTPUT = "slurm-output";
  private static final int MAX_ITEMS = 20;
  /** A source whose data is older than this many cadences is stale. */
  private static final int STALE_AFTER_CADENCES = 3;

  private final ClusterCollectors collectors;
  private final OptionalInt expectedNodes;
  private final Clock clock;
  private final Supplier<Optional<RunsSummary>> runs;
  private final Supplier<List<CheckResult>> more;

  public HealthChecks(ClusterCollectors collectors, OptionalInt expectedNodes, Clock clock, Supplier<Optional<RunsSummary>> runs) {
    this(collectors, expectedNodes, clock, runs, List::of);
  }

  /** @param more checks of other parts (the shared file systems), evaluated with the others at every call */
  public HealthChecks(ClusterCollectors collectors, OptionalInt expectedNodes, Clock clock, Supplier<Optional<RunsSummary>> runs,
      Supplier<List<CheckResult>> more) {
    this.collectors = collectors;
    this.expectedNodes = expectedNodes;
    this.clock = clock;
    this.runs = runs;
    this.more = more;
  }

  public HealthReport evaluate() {
    Instant now = clock.instant();
    Snapshot<List<Node>> nodes = collectors.nodes().current();
    List<CheckResult> checks = new ArrayList<>();
    checks.add(controller(nodes.status()));
    List<Node> known = nodes.value().orElse(List.of());
    checks.add(expectedNodes(known, nodes.value().isPresent()));
    checks.add(unavailableNodes(known));
    checks.add(slurmOutput(collectors.parseProblems().latest()));
    checks.add(freshness(now));
    checks.add(smokeTest(runs.get()));
    checks.addAll(more.get());
    return HealthReport.of(now, checks);
  }

  /** The last finished smoke test: a failed one makes the cluster degraded, naming the nodes that did not pass. */
  private static CheckResult smokeTest(Optional<RunsSummary> summary) {
    Optional<Run> last = summary.flatMap(RunsSummary::lastSmokeTest);
    if (last.isEmpty()) {
      return CheckResult.ok(SMOKE_TEST, "no smoke test has finished yet");
    }
    Run run = last.get();
    String when = run.finishedAt().map(Object::toString).orElse("?");
    if (run.state() == RunState.SUCCEEDED) {
      return CheckResult.ok(SMOKE_TEST, "last smoke test " + run.id() + " passed at " + when);
    }
    return new CheckResult(SMOKE_TEST, HealthStatus.DEGRADED, "last smoke test " + run.id() + " failed at " + when
        + run.error().map(e -> ": " + e).orElse(""), SmokeTestFailures.nodes(run));
  }

  private static CheckResult controller(SourceStatus status) {
    if (status.up()) {
      return CheckResult.ok(CONTROLLER, "slurmctld answers");
    }
    if (status.lastAttempt().isEmpty()) {
      return new CheckResult(CONTROLLER, HealthStatus.FAILING, "not asked yet: the agent is starting", List.of());
    }
    return new CheckResult(CONTROLLER, HealthStatus.FAILING,
        "slurmctld does not answer: " + status.lastError().orElse("unknown error"), List.of());
  }

  private CheckResult expectedNodes(List<Node> nodes, boolean known) {
    if (!known) {
      return new CheckResult(EXPECTED_NODES, HealthStatus.FAILING, "node list not read yet", List.of());
    }
    if (expectedNodes.isEmpty()) {
      return CheckResult.ok(EXPECTED_NODES, nodes.size() + " nodes (no expected count configured)");
    }
    int expected = expectedNodes.getAsInt();
    if (nodes.size() < expected) {
      return new CheckResult(EXPECTED_NODES, HealthStatus.FAILING,
          nodes.size() + " nodes known to Slurm, " + expected + " expected", List.of());
    }
    return CheckResult.ok(EXPECTED_NODES, nodes.size() + " nodes, " + expected + " expected");
  }

  private static CheckResult unavailableNodes(List<Node> nodes) {
    List<String> items = nodes.stream().filter(n -> n.state().unavailable()).map(HealthChecks::describe).toList();
    if (items.isEmpty()) {
      return CheckResult.ok(UNAVAILABLE_NODES, "no node down, drained or not responding");
    }
    HealthStatus status = items.size() == nodes.size() ? HealthStatus.FAILING : HealthStatus.DEGRADED;
    return new CheckResult(UNAVAILABLE_NODES, status,
        items.size() + " of " + nodes.size() + " nodes down, drained or not responding", items);
  }

  /** Records Slurm printed that could not be read: the rest of the agent goes on with the others. */
  private static CheckResult slurmOutput(Map<String, List<ParseProblem>> problems) {
    List<String> items = problems.values().stream().flatMap(List::stream).map(ParseProblem::summary).sorted().toList();
    if (items.isEmpty()) {
      return CheckResult.ok(SLURM_OUTPUT, "every record of the last reads was understood");
    }
    List<String> shown = items.size() <= MAX_ITEMS ? items : List.copyOf(items.subList(0, MAX_ITEMS));
    return new CheckResult(SLURM_OUTPUT, HealthStatus.DEGRADED, items.size() + " record(s) of Slurm's output could not be "
        + "read; the others were" + (shown.size() < items.size() ? " (first " + MAX_ITEMS + " listed)" : ""), shown);
  }

  static String describe(Node node) {
    StringBuilder text = new StringBuilder(node.name()).append(' ').append(node.state().raw());
    node.reason().ifPresent(reason -> text.append(": ").append(reasonText(reason)));
    return text.toString();
  }

  private static String reasonText(NodeReason reason) {
    StringBuilder text = new StringBuilder(reason.text());
    reason.user().ifPresent(user -> text.append(" (by ").append(user));
    reason.since().ifPresent(since -> text.append(reason.user().isPresent() ? ", " : " (").append("since ").append(SlurmTime.format(since)));
    if (reason.user().isPresent() || reason.since().isPresent()) {
      text.append(')');
    }
    return text.toString();
  }

  private CheckResult freshness(Instant now) {
    List<String> stale = new ArrayList<>();
    for (Collector<?> collector : List.of(collectors.nodes(), collectors.jobs(), collectors.partitions(), collectors.scheduler())) {
      SourceStatus status = collector.current().status();
      Duration limit = collector.cadence().multipliedBy(STALE_AFTER_CADENCES);
      status.age(now).filter(age -> age.compareTo(limit) > 0)
          .ifPresent(age -> stale.add(collector.name() + ": last good data " + age.toSeconds() + " s ago"
              + status.lastError().map(e -> " (" + e + ")").orElse("")));
    }
    if (stale.isEmpty()) {
      return CheckResult.ok(FRESHNESS, "every source refreshed within " + STALE_AFTER_CADENCES + " cadences");
    }
    return new CheckResult(FRESHNESS, HealthStatus.DEGRADED, stale.size() + " sources stale", stale);
  }
}
