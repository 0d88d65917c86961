package io.pcagent.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pcagent.collect.ClusterCollectors;
import io.pcagent.config.AgentConfig;
import io.pcagent.exec.CommandRunner;
import io.pcagent.health.HealthChecks;
import io.pcagent.health.HealthReport;
import io.pcagent.http.ApiServer;
import io.pcagent.metrics.SlurmMetrics;
import io.pcagent.metrics.SourceMetrics;
import io.pcagent.slurm.SlurmClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The agent daemon's parts wired together: Slurm client, background collectors, metrics, health checks and
 * the HTTP API. {@code serve} runs one; {@code dev} runs one against the sandbox; tests start one on port 0.
 */
public final class AgentRuntime implements AutoCloseable {
  private final ClusterCollectors collectors;
  private final HealthChecks health;
  private final ApiServer server;
  private final PrometheusMeterRegistry registry;

  private AgentRuntime(ClusterCollectors collectors, HealthChecks health, ApiServer server, PrometheusMeterRegistry registry) {
    this.collectors = collectors;
    this.health = health;
    this.server = server;
    this.registry = registry;
  }

  public static AgentRuntime start(AgentConfig config, Clock clock) throws InterruptedException {
    SlurmClient slurm = new SlurmClient(new CommandRunner(), config.slurm());
    ClusterCollectors collectors = new ClusterCollectors(slurm, config.collect(), clock);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SlurmMetrics metrics = new SlurmMetrics(registry, collectors);
    SourceMetrics.register(registry, collectors);
    HealthChecks health = new HealthChecks(collectors, config.health().expectedNodes(), clock);
    collectors.start();
    try {
      ApiServer server = ApiServer.start(config.http(), collectors, health, registry, metrics::totalsText, clock);
      return new AgentRuntime(collectors, health, server, registry);
    } catch (RuntimeException | InterruptedException e) {
      collectors.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  public HealthReport health() {
    return health.evaluate();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Waits until nodes and jobs have been read once, or the timeout passes; true when ready. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!collectors.ready()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  @Override
  public void close() {
    server.close();
    collectors.close();
    registry.close();
  }
}
