package io.pcagent.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way this project runs external commands. Both output streams are drained at once on their own
 * threads (so a child that floods stderr never blocks), each kept up to the command's cap. A command past its
 * timeout gets SIGTERM, then SIGKILL after a grace period, and so do its descendants.
 */
public final class CommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
  private static final int STDERR_TAIL_BYTES = 4096;
  static final int STREAMED_HEAD_BYTES = 4096;
  /**
   * The end of stderr kept in a result: what errors are read from. The tail is a ring allocated whole, and sizing it
   * by the output limit (64 MB for Slurm's commands) cost every command that much memory, four of them at once.
   */
  static final int STDERR_KEPT_BYTES = 256 * 1024;

  /** Runs the command and returns its result when it exits 0. */
  public CommandResult run(Command command) throws CommandFailedException {
    return succeeded(command, runAllowingFailure(command));
  }

  /**
   * Runs the command and returns its result whatever its exit code. Throws only when it could not start or
   * ran past its timeout.
   */
  public CommandResult runAllowingFailure(Command command) throws CommandFailedException {
    return runAllowingFailure(command, Optional.empty());
  }

  /**
   * As {@link #runAllowingFailure(Command)}, and every line the command writes to stderr goes to {@code stderrLines}
   * as it arrives (on the draining thread): the progress of a long command.
   */
  public CommandResult runAllowingFailure(Command command, Consumer<String> stderrLines) throws CommandFailedException {
    return runAllowingFailure(command, Optional.of(new LineTap(stderrLines)));
  }

  /**
   * Runs the command and hands every line of its stdout to {@code stdoutLines} as it comes (on the draining thread),
   * keeping only the first {@link #STREAMED_HEAD_BYTES} of it in the result: a long output (squeue of 100,000 jobs)
   * is never held whole. A line is at most the command's output limit. Throws when the command fails.
   */
  public CommandResult runLines(Command command, Consumer<String> stdoutLines) throws CommandFailedException {
    LineTap tap = new LineTap(stdoutLines, command.outputLimitBytes(), false);
    return succeeded(command, runAllowingFailure(command, Optional.empty(),
        in -> new BoundedCapture(in, STREAMED_HEAD_BYTES, BoundedCapture.Keep.HEAD, Optional.of(tap))));
  }

  private CommandResult runAllowingFailure(Command command, Optional<LineTap> stderrTap) throws CommandFailedException {
    return runAllowingFailure(command, stderrTap, in -> new BoundedCapture(in, command.outputLimitBytes(), BoundedCapture.Keep.HEAD));
  }

  private CommandResult runAllowingFailure(Command command, Optional<LineTap> stderrTap, Function<InputStream, BoundedCapture> stdout)
      throws CommandFailedException {
    long started = System.nanoTime();
    Process process = start(command);
    BoundedCapture out = stdout.apply(process.getInputStream());
    BoundedCapture err = new BoundedCapture(process.getErrorStream(), Math.min(command.outputLimitBytes(), STDERR_KEPT_BYTES),
        BoundedCapture.Keep.TAIL, stderrTap);
    Thread outDrain = drain(out, command, "stdout");
    Thread errDrain = drain(err, command, "stderr");
    try {
      boolean exited = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        terminate(process);
        join(outDrain);
        join(errDrain);
        throw new CommandFailedException(
            command.argv(), CommandFailedException.NO_EXIT_CODE, out.text(), tail(err.text()), true,
            "timed out after " + command.timeout().toMillis() + " ms", null);
      }
      join(outDrain);
      join(errDrain);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      return new CommandResult(
          command.argv(), process.exitValue(), out.text(), err.text(), out.truncated(), err.truncated(), elapsed);
    } catch (InterruptedException e) {
      terminate(process);
      Thread.currentThread().interrupt();
      throw new CommandFailedException(
          command.argv(), CommandFailedException.NO_EXIT_CODE, "", "", false, "interrupted", e);
    } catch (UncheckedIOException e) {
      throw new CommandFailedException(
          command.argv(), CommandFailedException.NO_EXIT_CODE, "", "", false, "could not read its output", e);
    }
  }

  private static Process start(Command command) throws CommandFailedException {
    ProcessBuilder builder = new ProcessBuilder(command.argv());
    if (!command.inheritsEnvironment()) {
      builder.environment().clear();
    }
    builder.environment().putAll(command.environment());
    command.workingDirectory().ifPresent(dir -> builder.directory(dir.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      LOG.debug("running {}", command.argv());
      return builder.start();
    } catch (IOException e) {
      throw new CommandFailedException(
          command.argv(), CommandFailedException.NO_EXIT_CODE, "", "", false,
          "could not start: " + e.getMessage(), e);
    }
  }

  private static Thread drain(BoundedCapture capture, Command command, String stream) {
    Thread thread = new Thread(capture, "drain-" + stream + "-" + command.program());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * SIGTERM to the process and its descendants, then SIGKILL to whatever of them is left after the grace period; returns
   * once they are gone (or the grace is spent twice), so that a command stopped is a command whose children are gone too.
   */
  private static void terminate(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    tree.add(process.toHandle());
    boolean interrupted = !awaitExit(tree);
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    interrupted |= !awaitExit(tree);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to the grace period for every process of the tree to exit; false when interrupted. */
  private static boolean awaitExit(List<ProcessHandle> tree) {
    long deadline = System.nanoTime() + KILL_GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return false;
      } catch (ExecutionException | TimeoutException e) {
        // still alive: the caller kills it
      }
    }
    return true;
  }

  /**
   * A grandchild that outlives the command (a daemon that did not close its stdio) would hold the pipe open
   * for ever: stop waiting for the drain after a grace period and keep what was read.
   */
  private static void join(Thread drain) throws InterruptedException {
    drain.join(DRAIN_GRACE.toMillis());
  }

  /** The result of a command that exited 0; any other exit is a failure with its argv, code and stderr's end. */
  private static CommandResult succeeded(Command command, CommandResult result) throws CommandFailedException {
    if (!result.succeeded()) {
      throw new CommandFailedException(
          command.argv(), result.exitCode(), result.stdout(), tail(result.stderr()), false, "failed", null);
    }
    return result;
  }

  private static String tail(String stderr) {
    return stderr.length() <= STDERR_TAIL_BYTES ? stderr : stderr.substring(stderr.length() - STDERR_TAIL_BYTES);
  }
}
