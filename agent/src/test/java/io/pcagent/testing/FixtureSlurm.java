package io.pcagent.testing;

import io.pcagent.exec.CommandFailedException;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.JobDetails;
import io.pcagent.slurm.JobsParser;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodesParser;
import io.pcagent.slurm.Parsed;
import io.pcagent.slurm.Partition;
import io.pcagent.slurm.PartitionsParser;
import io.pcagent.slurm.SchedulerStats;
import io.pcagent.slurm.SdiagParser;
import io.pcagent.slurm.SlurmReads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Slurm as fixture files say it answers: each read parses the text it holds now through the real parsers, so a test
 * can change what "Slurm" prints between refreshes. A source set to fail throws as a dead slurmctld makes the
 * commands fail; a controller set to stopped (SIGSTOP: it accepts connections and answers none) makes every read wait
 * for the client timeout, then fail as Slurm's clients do after MessageTimeout. Jobs' states come from the squeue text;
 * job details are unknown (empty).
 */
public final class FixtureSlurm implements SlurmReads {
  private volatile String nodes = "";
  private volatile String jobs = "";
  private volatile String partitions = "";
  private volatile String sdiag = "";
  private volatile boolean controllerDown;
  private final Object stopLock = new Object();
  private boolean controllerStopped;
  private Duration clientTimeout = Duration.ofSeconds(10);

  /** A classpath resource, as text. */
  public static String resource(String path) {
    try (InputStream in = FixtureSlurm.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FixtureSlurm nodes(String text) {
    this.nodes = text;
    return this;
  }

  public FixtureSlurm jobs(String text) {
    this.jobs = text;
    return this;
  }

  public FixtureSlurm partitions(String text) {
    this.partitions = text;
    return this;
  }

  public FixtureSlurm sdiag(String text) {
    this.sdiag = text;
    return this;
  }

  public FixtureSlurm controllerDown(boolean down) {
    this.controllerDown = down;
    return this;
  }

  /** Stops or resumes the controller; a read waiting on a stopped one is answered the moment it resumes. */
  public FixtureSlurm controllerStopped(boolean stopped) {
    synchronized (stopLock) {
      controllerStopped = stopped;
      stopLock.notifyAll();
    }
    return this;
  }

  /** How long a read waits on a stopped controller before it fails (Slurm's MessageTimeout; 10 s by default). */
  public FixtureSlurm clientTimeout(Duration timeout) {
    this.clientTimeout = timeout;
    return this;
  }

  @Override
  public Parsed<Node> nodes() throws CommandFailedException {
    return NodesParser.parse(answer("scontrol", nodes));
  }

  @Override
  public Parsed<Job> jobs() throws CommandFailedException {
    return JobsParser.parse(answer("squeue", jobs));
  }

  @Override
  public Parsed<Partition> partitions() throws CommandFailedException {
    return PartitionsParser.parse(answer("scontrol", partitions));
  }

  @Override
  public SchedulerStats scheduler() throws CommandFailedException {
    return SdiagParser.parse(answer("sdiag", sdiag));
  }

  @Override
  public Optional<String> jobState(long jobId) throws CommandFailedException {
    return jobs().records().stream().filter(job -> job.jobId() == jobId).map(Job::state).findFirst();
  }

  @Override
  public Optional<JobDetails> jobDetails(long jobId) {
    return Optional.empty();
  }

  private String answer(String program, String text) throws CommandFailedException {
    awaitController(program);
    if (controllerDown) {
      throw new CommandFailedException(List.of(program), 1, "",
          program + ": error: Unable to contact slurm controller (connect failure)", false, "failed", null);
    }
    return text;
  }

  private void awaitController(String program) throws CommandFailedException {
    long deadline = System.nanoTime() + clientTimeout.toNanos();
    synchronized (stopLock) {
      while (controllerStopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new CommandFailedException(List.of(program), 1, "",
              program + ": error: slurm_receive_msg: Socket timed out on send/recv operation", false, "failed", null);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(stopLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CommandFailedException(List.of(program), 1, "", program + ": interrupted", false, "failed", null);
        }
      }
    }
  }
}
