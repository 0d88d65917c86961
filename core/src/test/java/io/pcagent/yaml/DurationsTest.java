package io.pcagent.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesEveryUnit() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse(" 15s ")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsAnythingElse() {
    assertThatThrownBy(() -> Durations.parse("15")).hasMessage("expected a duration such as 500ms, 15s, 2m or 1h, got '15'");
    assertThatThrownBy(() -> Durations.parse("-1s")).hasMessage("expected a duration such as 500ms, 15s, 2m or 1h, got '-1s'");
    assertThatThrownBy(() -> Durations.parse("PT15S")).hasMessage("expected a duration such as 500ms, 15s, 2m or 1h, got 'PT15S'");
  }

  @Test
  void formatsInTheLargestWholeUnit() {
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
  }
}
