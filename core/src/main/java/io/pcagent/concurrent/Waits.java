package io.pcagent.concurrent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way to wait for something another process does (the runner submitting a job, removing an image): ask,
 * then every {@code interval} until the answer is there or {@code timeout} has passed on the injected clock. The
 * question is always asked once more at the deadline, so a wait never ends just short of its answer.
 */
public final class Waits {
  /** Asks once: the answer, or empty while there is none yet. */
  @FunctionalInterface
  public interface Question<T, E extends Exception> {
    Optional<T> ask() throws E;
  }

  /** How a wait passes time: {@code Thread::sleep} but in tests, where the fake moves the clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Clock clock;
  private final Sleeper sleeper;

  public Waits(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public static Waits system() {
    return new Waits(Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
  }

  /** The first answer within {@code timeout}; empty when there was none by then. */
  public <T, E extends Exception> Optional<T> until(Duration timeout, Duration interval, Question<T, E> question)
      throws E, InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      Optional<T> answer = question.ask();
      Duration left = Duration.between(clock.instant(), deadline);
      if (answer.isPresent() || left.isNegative() || left.isZero()) {
        return answer;
      }
      sleeper.sleep(interval.compareTo(left) < 0 ? interval : left);
    }
  }
}
