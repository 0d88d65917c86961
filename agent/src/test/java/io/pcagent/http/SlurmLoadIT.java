package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.slurm.SdiagParser;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many clients cost slurmctld what the cadence costs, measured where it counts: the RPCs slurmctld itself
 * served ({@code sdiag}), not the agent's own accounting.
 */
@ExtendWith(SandboxExtension.class)
class SlurmLoadIT {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmLoadIT.class);
  private static final int CLIENTS = 20;

  @Test
  void twentyClientsForTwentySecondsCostNoMoreNodeRpcsThanTheCadence(SandboxCluster cluster) throws Exception {
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty())) {
      Duration window = Duration.ofSeconds(20);
      long before = nodeInfoRpcs(cluster);
      long requests = hammer(agent, List.of("/metrics", "/v1/nodes"), window);
      long rpcs = nodeInfoRpcs(cluster) - before;

      long cadenceAlone = window.toMillis() / RunningAgent.TEST_CADENCE.nodes().toMillis() + 2;
      LOG.info("{} requests from {} clients in {} s: {} REQUEST_NODE_INFO RPCs (bound {})", requests, CLIENTS,
          window.toSeconds(), rpcs, cadenceAlone);
      assertThat(requests).as("requests served").isGreaterThan(CLIENTS * 10L);
      assertThat(rpcs).as("REQUEST_NODE_INFO during %d requests", requests).isLessThanOrEqualTo(cadenceAlone);
    }
  }

  @Test
  void freshReadsFromTwentyClientsAreBoundedByTheMinimumInterval(SandboxCluster cluster) throws Exception {
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty())) {
      Duration window = Duration.ofSeconds(10);
      long before = nodeInfoRpcs(cluster);
      long requests = hammer(agent, List.of("/v1/nodes?fresh=true"), window);
      long rpcs = nodeInfoRpcs(cluster) - before;

      long bound = window.toMillis() / RunningAgent.TEST_CADENCE.minInterval().toMillis()
          + window.toMillis() / RunningAgent.TEST_CADENCE.nodes().toMillis() + 2;
      LOG.info("{} fresh requests from {} clients in {} s: {} REQUEST_NODE_INFO RPCs (bound {})", requests, CLIENTS,
          window.toSeconds(), rpcs, bound);
      assertThat(requests).isGreaterThan(CLIENTS * 5L);
      assertThat(rpcs).as("REQUEST_NODE_INFO during %d fresh requests", requests).isLessThanOrEqualTo(bound);
    }
  }

  private static long nodeInfoRpcs(SandboxCluster cluster) throws Exception {
    return SdiagParser.parse(cluster.slurm(Duration.ofSeconds(10), "sdiag").stdout()).rpcCounts()
        .getOrDefault("REQUEST_NODE_INFO", 0L);
  }

  /** CLIENTS threads issue GETs round-robin over the paths until the window closes; returns how many succeeded. */
  private static long hammer(RunningAgent agent, List<String> paths, Duration window) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    AtomicLong served = new AtomicLong();
    long end = System.nanoTime() + window.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int offset = c;
      running.add(clients.submit(() -> {
        int i = offset;
        while (System.nanoTime() < end) {
          int status = agent.get(paths.get(i++ % paths.size())).statusCode();
          assertThat(status).isEqualTo(200);
          served.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> client : running) {
      client.get(window.toSeconds() + 60, TimeUnit.SECONDS);
    }
    clients.shutdown();
    return served.get();
  }
}
