package io.pcagent.testing.load;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from another process, as Prometheus scrapers are: Debian's {@code wrk} with its latency distribution, so
 * that the load generator's own garbage and threads are not in the measured JVM. The result is read from wrk's report.
 */
public final class Wrk {
  /** What wrk reported: requests completed, latency percentiles, and everything that was not a 2xx/3xx answer. */
  public record Result(long requests, Duration p50, Duration p99, Duration max, long socketErrors, long timeouts, long non2xx,
      String report) {
    public long failures() {
      return socketErrors + timeouts + non2xx;
    }
  }

  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
  private static final Pattern LATENCY_LINE = Pattern.compile("^\\s+Latency\\s+\\S+\\s+\\S+\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private Wrk() {}

  /** Runs wrk against {@code url} with {@code connections} for {@code duration}; headers as {@code Name: value}. */
  public static Result run(String url, int connections, Duration duration, List<String> headers) throws CommandFailedException {
    List<String> argv = new ArrayList<>(List.of("wrk", "-t", Integer.toString(Math.min(2, connections)), "-c", Integer.toString(connections),
        "-d", duration.toSeconds() + "s", "--timeout", "10s", "--latency"));
    for (String header : headers) {
      argv.add("-H");
      argv.add(header);
    }
    argv.add(url);
    return parse(new CommandRunner().run(Command.of(argv).withTimeout(duration.plusSeconds(60))).stdout());
  }

  static Result parse(String report) {
    Matcher socket = SOCKET.matcher(report);
    long socketErrors = 0;
    long timeouts = 0;
    if (socket.find()) {
      socketErrors = Long.parseLong(socket.group(1)) + Long.parseLong(socket.group(2)) + Long.parseLong(socket.group(3));
      timeouts = Long.parseLong(socket.group(4));
    }
    Matcher non2xx = NON_2XX.matcher(report);
    Matcher max = LATENCY_LINE.matcher(report);
    return new Result(number(REQUESTS, report), percentile(report, "50%"), percentile(report, "99%"),
        max.find() ? duration(max.group(1)) : Duration.ZERO, socketErrors, timeouts, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
        report);
  }

  private static long number(Pattern pattern, String report) {
    Matcher matcher = pattern.matcher(report);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }

  private static Duration percentile(String report, String which) {
    Matcher matcher = Pattern.compile("^\\s+" + Pattern.quote(which) + "\\s+(\\S+)", Pattern.MULTILINE).matcher(report);
    return matcher.find() ? duration(matcher.group(1)) : Duration.ZERO;
  }

  /** wrk's units: us, ms, s, m. */
  static Duration duration(String text) {
    Matcher matcher = Pattern.compile("([0-9.]+)(us|ms|s|m)").matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a wrk duration: " + text);
    }
    double value = Double.parseDouble(matcher.group(1));
    double nanos = switch (matcher.group(2)) {
      case "us" -> value * 1e3;
      case "ms" -> value * 1e6;
      case "s" -> value * 1e9;
      default -> value * 60e9;
    };
    return Duration.ofNanos((long) nanos);
  }
}
