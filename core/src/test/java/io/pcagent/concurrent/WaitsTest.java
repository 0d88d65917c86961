package io.pcagent.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitsTest {
  /** A clock the sleeper moves: what a wait does is seen without time passing. */
  private static final class FakeTime extends Clock {
    Instant now = Instant.parse("2026-12-07T00:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    Waits waits() {
      return new Waits(this, duration -> {
        sleeps.add(duration);
        now = now.plus(duration);
      });
    }
  }

  @Test
  void anAnswerThatComesIsReturnedAsSoonAsItIsThere() throws Exception {
    FakeTime time = new FakeTime();
    int[] asked = {0};

    Optional<String> answer = time.waits().until(Duration.ofSeconds(10), Duration.ofMillis(200),
        () -> ++asked[0] == 4 ? Optional.of("submitted") : Optional.empty());

    assertThat(answer).contains("submitted");
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200));
  }

  @Test
  void noAnswerByTheDeadlineIsEmptyAfterALastQuestionAtTheDeadline() throws Exception {
    FakeTime time = new FakeTime();
    List<Instant> asked = new ArrayList<>();

    Optional<String> answer = time.waits().until(Duration.ofMillis(500), Duration.ofMillis(200), () -> {
      asked.add(time.now);
      return Optional.empty();
    });

    assertThat(answer).isEmpty();
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100));
    assertThat(asked).hasSize(4).last().isEqualTo(Instant.parse("2026-12-07T00:00:00.500Z"));
  }

  @Test
  void anAnswerAtOnceNeverSleeps() throws Exception {
    FakeTime time = new FakeTime();

    assertThat(time.waits().until(Duration.ZERO, Duration.ofSeconds(1), () -> Optional.of(1))).contains(1);
    assertThat(time.sleeps).isEmpty();
  }
}
