package io.pcagent.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * One progress line: rewritten in place on a terminal, a plain line at each change otherwise (logs stay readable).
 * {@link #note} prints a lasting line (an event) above it.
 */
public final class ProgressLine {
  private static final String CLEAR_LINE = "\r\033[2K";

  private final PrintWriter out;
  private final boolean terminal;
  private String last = "";

  public ProgressLine(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  public void show(String line) {
    if (line.equals(last)) {
      return;
    }
    if (terminal) {
      out.print(CLEAR_LINE + line);
    } else {
      out.println(line);
    }
    out.flush();
    last = line;
  }

  /** A line that stays: on a terminal the progress line is redrawn below it. */
  public void note(String line) {
    if (terminal) {
      out.print(CLEAR_LINE + line + System.lineSeparator() + last);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Time elapsed as progress lines show it: {@code 3 min 05 s}. */
  public static String elapsed(Duration duration) {
    long seconds = duration.toSeconds();
    return String.format("%d min %02d s", seconds / 60, seconds % 60);
  }

  /** Ends the line on a terminal, so that what follows starts on its own line. */
  public void done() {
    if (terminal && !last.isEmpty()) {
      out.println();
      out.flush();
    }
    last = "";
  }
}
