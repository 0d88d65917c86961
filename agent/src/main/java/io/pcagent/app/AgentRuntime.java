package io.pcagent.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.Collector;
import io.pcagent.concurrent.DaemonThreads;
import io.pcagent.config.AgentConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.exec.CommandRunner;
import io.pcagent.fsx.ExpectedFileSystems;
import io.pcagent.fsx.FsxClients;
import io.pcagent.fsx.FsxMonitor;
import io.pcagent.health.ExpectedNodes;
import io.pcagent.health.HealthChecks;
import io.pcagent.health.HealthReport;
import io.pcagent.http.ApiContext;
import io.pcagent.http.ApiServer;
import io.pcagent.http.ApiToken;
import io.pcagent.images.ImageCatalog;
import io.pcagent.images.ImageImports;
import io.pcagent.images.ImagesSummary;
import io.pcagent.runner.RunStore;
import io.pcagent.runner.RunsSummary;
import io.pcagent.slurm.SchedulerFromController;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.slurm.SlurmReads;
import io.pcagent.storage.ExpectedMounts;
import io.pcagent.storage.Hostnames;
import io.pcagent.storage.StorageChecks;
import io.pcagent.storage.StorageMonitor;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * The agent daemon's parts wired together: Slurm client, background collectors, the run store, metrics,
 * health checks and the HTTP API. {@code serve} runs one; {@code dev} runs one against the sandbox; tests
 * start one on port 0.
 */
public final class AgentRuntime implements AutoCloseable {
  private static final Duration RUNS_CADENCE = Duration.ofSeconds(5);
  private static final Duration IMAGES_CADENCE = Duration.ofSeconds(60);

  private final ClusterCollectors collectors;
  private final HealthChecks health;
  private final ApiServer server;
  private final AgentMetrics metrics;
  private final RunStore store;
  private final Collector<RunsSummary> runs;
  /** What {@link #close()} stops, in order, after the HTTP server. */
  private final List<AutoCloseable> parts;

  private AgentRuntime(ClusterCollectors collectors, HealthChecks health, ApiServer server, AgentMetrics metrics, RunStore store,
      Collector<RunsSummary> runs, List<AutoCloseable> parts) {
    this.collectors = collectors;
    this.health = health;
    this.server = server;
    this.metrics = metrics;
    this.store = store;
    this.runs = runs;
    this.parts = parts;
  }

  public static AgentRuntime start(AgentConfig config, Clock clock) throws InterruptedException {
    SlurmClient slurm = new SlurmClient(new CommandRunner(), config.slurm());
    return start(config, clock, SchedulerFromController.of(slurm, config.slurm().commandTimeout()));
  }

  /** The agent over any {@link SlurmReads}: the Slurm commands, or (in tests) fixture files. */
  public static AgentRuntime start(AgentConfig config, Clock clock, SlurmReads slurm)
      throws InterruptedException {
    ApiToken token = token(config);
    RunStore store = store(config, clock);
    ClusterCollectors collectors = new ClusterCollectors(slurm, config.collect(), clock);
    ScheduledExecutorService runsTicker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("runs-summary"));
    ExecutorService imagesWorker = Executors.newSingleThreadExecutor(DaemonThreads.named("images-summary"));
    Collector<RunsSummary> runs = new Collector<>("runs", store::summary, RUNS_CADENCE, Duration.ofSeconds(1), clock, runsTicker);
    ImageImports images = new ImageImports(new ImageCatalog(config.images().dir()), store);
    Collector<ImagesSummary> imageSummaries = new Collector<>("images", images::summary, IMAGES_CADENCE, Duration.ofSeconds(1), clock,
        imagesWorker);
    StorageMonitor storage = StorageMonitor.forThisHost(config.storage().withMounts(ExpectedMounts.of(config.storage())), clock,
        Hostnames.safeShortName());
    FsxMonitor fsx = new FsxMonitor(ExpectedFileSystems.of(config.fsx(), config.storage()), () -> FsxClients.of(config.fsx()),
        config.fsx().cadence(), clock);
    AgentMetrics metrics = new AgentMetrics(collectors, runs, imageSummaries, storage, fsx);
    HealthChecks health = new HealthChecks(collectors, ExpectedNodes.of(config.health(), config.storage()), clock, () -> runs.current().value(),
        () -> Stream.concat(StorageChecks.of(storage.statuses()).stream(), fsx.checks().stream()).toList());
    List<AutoCloseable> parts = List.of(storage, fsx, runsTicker::shutdownNow, imagesWorker::shutdownNow, collectors, metrics, store);
    collectors.start();
    runs.start(runsTicker);
    imageSummaries.start(runsTicker);
    storage.start();
    fsx.start();
    try {
      ApiServer server = ApiServer.start(config.http(), new ApiContext(collectors, health, Optional.of(store), Optional.of(images), token,
          config.auth().protectReads(), slurm, storage, config.jobs(), config.runs().dir(), metrics.exposition(), clock));
      FunctionCounter.builder("pcagent.event.loop.blocked", server, ApiServer::eventLoopBlocks)
          .description("Times one task held the HTTP event loop longer than http.maxEventLoopBlock").register(metrics.registry());
      return new AgentRuntime(collectors, health, server, metrics, store, runs, parts);
    } catch (RuntimeException | InterruptedException e) {
      closeAll(parts);
      throw e;
    }
  }

  private static ApiToken token(AgentConfig config) {
    try {
      return ApiToken.loadOrCreate(config.auth().tokenFile());
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, "API token " + config.auth().tokenFile() + ": " + e.getMessage(), e);
    }
  }

  private static RunStore store(AgentConfig config, Clock clock) {
    try {
      return RunStore.open(config.runs().store(), clock);
    } catch (SQLException e) {
      throw new PcagentException(ExitCode.FAILURE, "run store " + config.runs().store() + ": " + e.getMessage(), e);
    }
  }

  public ClusterCollectors collectors() {
    return collectors;
  }

  public int port() {
    return server.port();
  }

  /** Times a task held the HTTP event loop longer than {@code http.maxEventLoopBlock}. */
  public long eventLoopBlocks() {
    return server.eventLoopBlocks();
  }

  public HealthReport health() {
    return health.evaluate();
  }

  /** Health after a refresh of the runs summary, for callers that just finished a run and want it counted. */
  public HealthReport healthNow() throws InterruptedException {
    runs.awaitFresh(Duration.ofSeconds(10));
    return health.evaluate();
  }

  public PrometheusMeterRegistry registry() {
    return metrics.registry();
  }

  public RunStore store() {
    return store;
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
    closeAll(parts);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        // closing; nothing left to do with it
      }
    }
  }
}
