package io.pcagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.slurm.NodeState;
import io.pcagent.smoke.SmokeTestPlan;
import io.pcagent.smoke.SmokeTestPlanner;
import io.pcagent.smoke.SmokeTestRequest;
import io.pcagent.testing.Nodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the node-state table in docs/metrics.md, against the code that decides it. */
class ClusterStatesTableTest {
  private static final Path DOC = Path.of("..", "docs", "metrics.md");

  record Row(String state, String category, String service, boolean unavailable, String smokeTest) {
    @Override
    public String toString() {
      return state;
    }
  }

  static Stream<Row> rows() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int header = lines.indexOf("| State | sinfo | category | service | nodes-unavailable | smoke test |");
    assertThat(header).as("the table's header in %s", DOC).isPositive();
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.substring(1, line.length() - 1).split("\\|");
      rows.add(new Row(cells[0].strip().replace("`", ""), cells[2].strip(), cells[3].strip(), cells[4].strip().equals("yes"),
          cells[5].strip()));
    }
    assertThat(rows).as("rows").hasSizeGreaterThan(20);
    return rows.stream();
  }

  @ParameterizedTest
  @MethodSource("rows")
  void theCodeDoesWhatTheTableSays(Row row) {
    NodeState state = Nodes.state(row.state());

    assertThat(state.unknown()).as("every base and flag is known").isEmpty();
    assertThat(state.category()).as("category").isEqualTo(row.category());
    assertThat(state.service().label()).as("service").isEqualTo(row.service());
    assertThat(state.unavailable()).as("in nodes-unavailable").isEqualTo(row.unavailable());
    assertThat(smokeTest(row.state())).as("smoke test").isEqualTo(row.smokeTest());
  }

  /** What a smoke test over the partition does with a node in this state: runs, skipped: why, failed: why. */
  private static String smokeTest(String state) {
    SmokeTestPlan plan = SmokeTestPlanner.plan(SmokeTestRequest.defaults(List.of("/fsx", "/home")),
        List.of(Nodes.inState("n-1", state, "p"), Nodes.inState("other-1", "IDLE", "p")));
    if (plan.runnable().contains("n-1")) {
      return "runs";
    }
    if (plan.skipped().containsKey("n-1")) {
      return "skipped: " + plan.skipped().get("n-1").replaceFirst(" \\(.*\\)$", "");
    }
    return "failed: " + plan.failedUpFront().get("n-1").replaceFirst(":.*$", "");
  }
}
