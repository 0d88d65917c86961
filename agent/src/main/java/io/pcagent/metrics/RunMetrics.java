package io.pcagent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pcagent.collect.Collector;
import io.pcagent.collect.Snapshot;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunKind;
import io.pcagent.runner.RunState;
import io.pcagent.runner.RunsSummary;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Runs and smoke tests: {@code pcagent_runs{kind,state}} and the last smoke test's time and per-node results. */
public final class RunMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NODE_RESULTS = List.of("pass", "fail", "missing", "skipped");

  private final GaugeRows runs;
  private final GaugeRows smokeNodes;
  private final GaugeRows smokeNodeResults;
  private final AtomicReference<RunsSummary> last = new AtomicReference<>();

  public RunMetrics(MeterRegistry registry, Collector<RunsSummary> summaries) {
    runs = new GaugeRows(registry, "pcagent.runs", "Runs by kind and state", null);
    smokeNodes = new GaugeRows(registry, "pcagent.smoke.test.nodes", "Nodes of the last finished smoke test by result", null);
    smokeNodeResults = new GaugeRows(registry, "pcagent.smoke.test.node", "1 for each node of the last finished smoke test, with its result", null);
    Gauge.builder("pcagent.smoke.test.last.passed", last, ref -> lastPassed(ref.get()))
        .description("1 when the last finished smoke test passed, 0 when it failed or none finished yet").register(registry);
    Gauge.builder("pcagent.smoke.test.last.run.timestamp", last, ref -> seconds(ref.get() == null ? null : ref.get().lastSmokeTest().orElse(null)))
        .baseUnit("seconds").description("When the last smoke test finished (0: never)").register(registry);
    Gauge.builder("pcagent.smoke.test.last.success.timestamp", last,
            ref -> seconds(ref.get() == null ? null : ref.get().lastPassedSmokeTest().orElse(null)))
        .baseUnit("seconds").description("When the last passing smoke test finished (0: never)").register(registry);
    summaries.onUpdate(this::update);
  }

  private synchronized void update(Snapshot<RunsSummary> snapshot) {
    if (snapshot.value().isEmpty()) {
      return;
    }
    RunsSummary summary = snapshot.value().get();
    last.set(summary);
    Map<Tags, Long> rows = new HashMap<>();
    for (RunKind kind : RunKind.values()) {
      for (RunState state : RunState.values()) {
        long count = summary.countsByKindAndState().getOrDefault(RunsSummary.key(kind.label(), state.label()), 0L);
        rows.put(Tags.of("kind", kind.label(), "state", state.label()), count);
      }
    }
    runs.set(rows);
    Map<Tags, Long> nodes = new HashMap<>();
    Map<Tags, Long> perNode = new HashMap<>();
    JsonNode result = summary.lastSmokeTest().flatMap(Run::result).map(RunMetrics::parse).orElse(null);
    if (result != null) {
      for (JsonNode node : result.path("nodes")) {
        perNode.put(Tags.of("node", node.path("node").asText(), "result", node.path("result").asText()), 1L);
      }
    }
    smokeNodeResults.set(perNode);
    for (String outcome : NODE_RESULTS) {
      long count = 0;
      if (result != null) {
        for (JsonNode node : result.path("nodes")) {
          if (node.path("result").asText().equals(outcome)) {
            count++;
          }
        }
      }
      nodes.put(Tags.of("result", outcome), count);
    }
    smokeNodes.set(nodes);
  }

  private static double lastPassed(RunsSummary summary) {
    if (summary == null || summary.lastSmokeTest().isEmpty()) {
      return 0;
    }
    return summary.lastSmokeTest().equals(summary.lastPassedSmokeTest()) ? 1 : 0;
  }

  private static double seconds(Run run) {
    return run == null ? 0 : run.finishedAt().map(i -> i.toEpochMilli() / 1000.0).orElse(0.0);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }
}
