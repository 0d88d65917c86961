package io.pcagent.http;

import io.pcagent.app.AgentRuntime;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.testing.FixtureSlurm;
import io.pcagent.testing.OutageUnderLoad;
import io.pcagent.testing.slurm.SyntheticSlurm;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * F1 of docs/reliability.md at 10,000 nodes and 100,000 jobs of synthetic output: the controller stopped as SIGSTOP
 * leaves it (every read waits out the client timeout, then fails as Slurm's clients do), under 20 scraping
 * connections, then resumed. The same demands as {@link ControllerStopIT}; 30 s here, 2 minutes in {@code make faults}.
 */
class SyntheticControllerStopIT {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticControllerStopIT.class);
  private static final int NODES = 10_000;
  private static final Duration CADENCE = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void aStoppedControllerAtTenThousandNodesIsFailingHealthWhileLivenessAnswers() throws Exception {
    Duration stopped = OutageUnderLoad.stopLength(Duration.ofSeconds(30));
    FixtureSlurm slurm = new FixtureSlurm().nodes(SyntheticSlurm.nodes(NODES)).jobs(SyntheticSlurm.jobs(100_000))
        .partitions(SyntheticSlurm.partitions(NODES)).sdiag(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/22.05/sdiag.txt"))
        .clientTimeout(ControllerStopIT.SLURM_CLIENT_TIMEOUT);
    AgentConfig config = new AgentConfig(
        new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(30), 1 << 28),
        HttpConfig.plain("127.0.0.1", 0), new CollectConfig(CADENCE, CADENCE, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2)),
        new HealthConfig(OptionalInt.of(NODES)), new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)),
        new AuthConfig(dir.resolve("token"), false), JobsConfig.DEFAULTS);
    try (AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC(), slurm)) {
      OutageUnderLoad.Result result = new OutageUnderLoad("http://127.0.0.1:" + agent.port(), stopped).run(new OutageUnderLoad.Controller() {
        @Override
        public void stop() {
          slurm.controllerStopped(true);
        }

        @Override
        public void resume() {
          slurm.controllerStopped(false);
        }
      }, CADENCE.multipliedBy(2).plus(ControllerStopIT.SLURM_CLIENT_TIMEOUT).plusSeconds(5),
          CADENCE.plus(ControllerStopIT.SLURM_CLIENT_TIMEOUT).plusSeconds(5), CADENCE.multipliedBy(2), 20);

      LOG.info("{} synthetic nodes: {}", NODES, result.summary(stopped));
      ControllerStopIT.assertHealthy(result);
    }
  }
}
