package io.pcagent.collect;

import io.pcagent.concurrent.DaemonThreads;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.Partition;
import io.pcagent.slurm.SchedulerStats;
import io.pcagent.slurm.SlurmReads;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The four sources the agent watches, each refreshed in the background on its own cadence. */
public final class ClusterCollectors implements AutoCloseable {
  public static final String NODES = "nodes";
  public static final String JOBS = "jobs";
  public static final String PARTITIONS = "partitions";
  public static final String SCHEDULER = "scheduler";

  private final Collector<List<Node>> nodes;
  private final Collector<List<Job>> jobs;
  private final Collector<List<Partition>> partitions;
  private final Collector<SchedulerStats> scheduler;
  private final ParseProblems parseProblems = new ParseProblems();
  private final ScheduledExecutorService ticker;
  private final ExecutorService workers;

  public ClusterCollectors(SlurmReads slurm, CollectConfig config, Clock clock) {
    this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("collect-ticker"));
    this.workers = Executors.newFixedThreadPool(4, DaemonThreads.named("collect-worker"));
    this.nodes = new Collector<>(NODES, () -> parseProblems.keep(NODES, slurm.nodes()), config.nodes(),
        config.minInterval(), clock, workers);
    this.jobs = new Collector<>(JOBS, () -> parseProblems.keep(JOBS, slurm.jobs()), config.jobs(),
        config.minInterval(), clock, workers);
    this.partitions = new Collector<>(PARTITIONS, () -> parseProblems.keep(PARTITIONS, slurm.partitions()),
        config.partitions(), config.minInterval(), clock, workers);
    this.scheduler = new Collector<>(SCHEDULER, slurm::scheduler, config.scheduler(), config.minInterval(), clock, workers);
  }

  public void start() {
    List.of(nodes, jobs, partitions, scheduler).forEach(collector -> collector.start(ticker));
  }

  public Collector<List<Node>> nodes() {
    return nodes;
  }

  public Collector<List<Job>> jobs() {
    return jobs;
  }

  public Collector<List<Partition>> partitions() {
    return partitions;
  }

  public Collector<SchedulerStats> scheduler() {
    return scheduler;
  }

  /** The records of nodes, jobs and partitions that their last reads could not parse. */
  public ParseProblems parseProblems() {
    return parseProblems;
  }

  public List<SourceStatus> statuses() {
    return List.of(nodes.current().status(), jobs.current().status(), partitions.current().status(),
        scheduler.current().status());
  }

  /** Ready once nodes and jobs have each been read successfully at least once. */
  public boolean ready() {
    return nodes.current().value().isPresent() && jobs.current().value().isPresent();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
