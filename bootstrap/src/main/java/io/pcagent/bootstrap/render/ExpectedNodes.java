package io.pcagent.bootstrap.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;

/**
 * The nodes a cluster must have once it is up: the static ones, MinCount of every compute resource of every queue
 * (ParallelCluster's default MinCount is 0). Dynamic nodes come and go with the jobs, so they are not expected.
 */
public final class ExpectedNodes {
  private ExpectedNodes() {}

  public static int of(JsonNode cluster) {
    int total = 0;
    JsonNode queues = cluster.path("Scheduling").path("SlurmQueues");
    for (int q = 0; q < queues.size(); q++) {
      JsonNode resources = queues.get(q).path("ComputeResources");
      for (int r = 0; r < resources.size(); r++) {
        JsonNode minCount = resources.get(r).path("MinCount");
        if (minCount.isMissingNode() || minCount.isNull()) {
          continue;
        }
        String text = minCount.asText().strip();
        if (!text.matches("\\d{1,6}")) {
          throw new PcagentException(ExitCode.USAGE, "Scheduling.SlurmQueues[" + q + "].ComputeResources[" + r
              + "].MinCount: expected a number of nodes, got '" + minCount.asText() + "'");
        }
        total += Integer.parseInt(text);
      }
    }
    return total;
  }
}
