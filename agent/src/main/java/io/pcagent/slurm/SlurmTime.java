package io.pcagent.slurm;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times written as Slurm writes them (SLURM_TIME_FORMAT=standard), always with seconds: LocalDateTime.toString() and
 * ISO_LOCAL_DATE_TIME leave them out at :00, so one reason in sixty came out in another format.
 */
public final class SlurmTime {
  private static final DateTimeFormatter STANDARD = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

  private SlurmTime() {}

  public static String format(LocalDateTime time) {
    return STANDARD.format(time);
  }
}
