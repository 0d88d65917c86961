package io.pcagent.http;

import io.pcagent.exec.CommandFailedException;
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
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Streams a job's output file: only the StdOut/StdErr path Slurm reports for that job, never a path a client
 * names. Runs on a worker thread; each chunk waits for the previous one to be written, so a slow client
 * slows the reading instead of filling memory. With {@code follow}, it keeps reading as the file grows and
 * ends once the job has ended and everything is sent.
 */
final class JobOutput {
  static final int CHUNK = 64 * 1024;
  private static final long FOLLOW_POLL_MS = 500;

  private final SlurmReads slurm;

  JobOutput(SlurmReads slurm) {
    this.slurm = slurm;
  }

  /**
   * The file Slurm writes the stream to, or a problem saying why there is none. When following, a job that has
   * not started yet is waited for: its file appears when it starts.
   */
  Path path(long jobId, String stream, boolean follow) throws CommandFailedException, InterruptedException {
    while (true) {
      JobDetails details = slurm.jobDetails(jobId).orElseThrow(() -> new ProblemException(
          Problem.notFound("Slurm no longer knows job " + jobId + " (finished jobs are kept for MinJobAge only)")));
      Optional<String> path = stream.equals("stderr") ? details.stdErr() : details.stdOut();
      if (path.isPresent() && (Files.isRegularFile(Path.of(path.get())) || !Files.notExists(Path.of(path.get())))) {
        return readable(Path.of(path.get()), jobId);
      }
      if (!follow || JobStates.ended(details.state())) {
        throw new ProblemException(Problem.notFound("job " + jobId + " has no " + stream + " file"
            + (JobStates.ended(details.state()) ? "" : " yet") + path.map(p -> " (" + p + ")").orElse("")));
      }
      Thread.sleep(FOLLOW_POLL_MS);
    }
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
      throws IOException, InterruptedException, CommandFailedException {
    long position = offset;
    long end = limit < 0 ? Long.MAX_VALUE : offset + limit;
    byte[] buffer = new byte[CHUNK];
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      while (position < end && !response.closed()) {
        in.seek(position);
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, end - position));
        if (read > 0) {
          position += read;
          await(response.write(Buffer.buffer().appendBytes(buffer, 0, read)));
          continue;
        }
        if (!follow || jobEnded(jobId) && in.length() <= position) {
          break;
        }
        Thread.sleep(FOLLOW_POLL_MS);
      }
    }
    return position;
  }

  private boolean jobEnded(long jobId) throws CommandFailedException {
    return slurm.jobState(jobId).map(JobStates::ended).orElse(true);
  }

  private static void await(Future<Void> write) throws IOException, InterruptedException {
    try {
      write.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IOException("client went away: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
