package io.pcagent.http;

import io.pcagent.collect.Collector;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.JobDetails;
import io.pcagent.slurm.JobStates;
import io.pcagent.slurm.SlurmReads;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Streams a job's output file: only the StdOut/StdErr path Slurm reports for that job, never a path a client
 * names. Runs on a worker thread; each chunk waits for the previous one to be written, so a slow client
 * slows the reading instead of filling memory. With {@code follow}, it keeps reading as the file grows and
 * ends once the job has ended ({@link FollowedJob}: the jobs snapshot, no Slurm call per stream) and a last read after
 * a pause found nothing more: the file is opened again for it, since a shared file system's client (NFS, Lustre) may
 * report a stale size until then, and the job's last lines would be lost.
 */
final class JobOutput {
  static final int CHUNK = 64 * 1024;
  private static final long FOLLOW_POLL_MS = 500;

  private final SlurmReads slurm;
  private final Collector<List<Job>> jobs;

  JobOutput(SlurmReads slurm, Collector<List<Job>> jobs) {
    this.slurm = slurm;
    this.jobs = jobs;
  }

  /**
   * The file Slurm writes the stream to, or a problem saying why there is none. When following, a job that has
   * not started yet is waited for: its file appears when it starts, which is looked for on the file system, not asked
   * of Slurm again.
   */
  Path path(long jobId, String stream, boolean follow) throws CommandFailedException, InterruptedException {
    FollowedJob job = new FollowedJob(jobs, jobId);
    JobDetails details = details(jobId);
    while (true) {
      Optional<String> path = stream.equals("stderr") ? details.stdErr() : details.stdOut();
      if (path.isPresent() && (Files.isRegularFile(Path.of(path.get())) || !Files.notExists(Path.of(path.get())))) {
        return readable(Path.of(path.get()), jobId);
      }
      boolean ended = JobStates.ended(details.state()) || job.ended();
      if (!follow || ended) {
        throw new ProblemException(Problem.notFound("job " + jobId + " has no " + stream + " file"
            + (ended ? "" : " yet") + path.map(p -> " (" + p + ")").orElse("")));
      }
      Thread.sleep(FOLLOW_POLL_MS);
      if (path.isEmpty()) {
        details = details(jobId);
      }
    }
  }

  private JobDetails details(long jobId) throws CommandFailedException {
    return slurm.jobDetails(jobId).orElseThrow(() -> new ProblemException(
        Problem.notFound("Slurm no longer knows job " + jobId + " (finished jobs are kept for MinJobAge only)")));
  }

  /**
   * The installed agent runs as its own user: it reads the output of the jobs it submitted (their run folders give it
   * group read) but not what another user's job writes elsewhere, which is a 403 that says so rather than a 500 or a
   * 404 (a file in a folder it may not search neither exists nor does not exist for it: {@code Files.notExists} is false).
   */
  private static Path readable(Path file, long jobId) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ProblemException(Problem.forbidden("the agent (user " + System.getProperty("user.name") + ") may not read "
          + file + ", the output of job " + jobId + ": it serves the output of jobs submitted through it, and of others"
          + " only where their files are readable by it"));
    }
    return file;
  }

  /** Writes [offset, offset + limit) of the file, following it while the job runs when asked; returns the next offset. */
  long stream(Path file, long jobId, long offset, long limit, boolean follow, HttpServerResponse response)
      throws IOException, InterruptedException {
    FollowedJob job = new FollowedJob(jobs, jobId);
    long position = offset;
    long end = limit < 0 ? Long.MAX_VALUE : offset + limit;
    boolean lastRead = false;
    while (position < end && !response.closed()) {
      long before = position;
      position = copy(file, position, end, response);
      if (!follow || position >= end) {
        break;
      }
      if (position > before) {
        lastRead = false;
        continue;
      }
      if (lastRead) {
        break;
      }
      lastRead = job.ended();
      Thread.sleep(FOLLOW_POLL_MS);
    }
    return position;
  }

  /** Copies what the file holds from position (opened afresh) until its end or {@code end}; returns the new position. */
  private static long copy(Path file, long from, long end, HttpServerResponse response) throws IOException, InterruptedException {
    byte[] buffer = new byte[CHUNK];
    long position = from;
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(position);
      int read;
      while (position < end && !response.closed()
          && (read = in.read(buffer, 0, (int) Math.min(buffer.length, end - position))) > 0) {
        position += read;
        await(response.write(Buffer.buffer().appendBytes(buffer, 0, read)));
      }
    }
    return position;
  }

  private static void await(Future<Void> write) throws IOException, InterruptedException {
    try {
      write.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IOException("client went away: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
