package io.pcagent.slurm;

import io.pcagent.exec.CommandFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Slurm reads with the scheduler's figures taken from slurmctld's own metrics where it serves them
 * ({@link ControllerMetrics}: asked once, with {@code scontrol show config}), else from sdiag, as before. An answer
 * that fails (the controller down, a proxy, a cut body) falls back to sdiag for that refresh, which then reports
 * Slurm's state as it always has; a warning says so once until the endpoint answers again.
 */
public final class SchedulerFromController implements SlurmReads {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerFromController.class);

  /** What {@code scontrol show config} printed. */
  @FunctionalInterface
  public interface ShowConfig {
    String read() throws CommandFailedException;
  }

  private final SlurmReads slurm;
  private final ShowConfig showConfig;
  private final HttpClient http;
  private final Duration timeout;
  private volatile Optional<URI> endpoint;
  private volatile boolean failing;

  public SchedulerFromController(SlurmReads slurm, ShowConfig showConfig, Duration timeout) {
    this.slurm = slurm;
    this.showConfig = showConfig;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** Over the Slurm commands. */
  public static SchedulerFromController of(SlurmClient slurm, Duration timeout) {
    return new SchedulerFromController(slurm, () -> slurm.run("scontrol", "show", "config"), timeout);
  }

  /**
   * Where the scheduler's figures come from, once known: the endpoint, or empty for sdiag. Unknown while
   * {@code scontrol show config} fails (asked again at the next refresh, which runs sdiag meanwhile).
   */
  public Optional<URI> endpoint() {
    Optional<URI> known = endpoint;
    if (known == null) {
      try {
        known = ControllerMetrics.schedulerEndpoint(showConfig.read());
      } catch (CommandFailedException e) {
        LOG.debug("scontrol show config failed ({}); sdiag for this refresh", e.getMessage());
        return Optional.empty();
      }
      endpoint = known;
      LOG.info("scheduler figures from {}", known.map(URI::toString).orElse("sdiag (slurmctld serves no metrics: MetricsType)"));
    }
    return known;
  }

  @Override
  public SchedulerStats scheduler() throws CommandFailedException {
    Optional<URI> uri = endpoint();
    if (uri.isEmpty()) {
      return slurm.scheduler();
    }
    try {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri.get()).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IOException("HTTP " + answer.statusCode());
      }
      SchedulerStats stats = OpenMetricsScheduler.parse(answer.body());
      failing = false;
      return stats;
    } catch (IOException | SlurmParseException e) {
      if (!failing) {
        LOG.warn("{} did not answer ({}); sdiag instead until it does", uri.get(), e.getMessage());
        failing = true;
      }
      return slurm.scheduler();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return slurm.scheduler();
    }
  }

  @Override
  public Parsed<Node> nodes() throws CommandFailedException {
    return slurm.nodes();
  }

  @Override
  public Parsed<Job> jobs() throws CommandFailedException {
    return slurm.jobs();
  }

  @Override
  public Parsed<Partition> partitions() throws CommandFailedException {
    return slurm.partitions();
  }

  @Override
  public Optional<String> jobState(long jobId) throws CommandFailedException {
    return slurm.jobState(jobId);
  }

  @Override
  public Optional<JobDetails> jobDetails(long jobId) throws CommandFailedException {
    return slurm.jobDetails(jobId);
  }
}
