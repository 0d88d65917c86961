package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class SlurmTimeTest {
  @Test
  void secondsAreWrittenEvenAtZeroAsSlurmWritesThem() {
    assertThat(SlurmTime.format(LocalDateTime.of(2026, 12, 4, 18, 9))).isEqualTo("2026-12-04T18:09:00");
    assertThat(SlurmTime.format(LocalDateTime.of(2026, 12, 4, 18, 9, 7))).isEqualTo("2026-12-04T18:09:07");
    assertThat(SlurmTime.format(SlurmValues.time("2026-01-02T03:04:00").orElseThrow())).isEqualTo("2026-01-02T03:04:00");
  }
}
