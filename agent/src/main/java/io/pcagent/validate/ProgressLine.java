package io.pcagent.validate;

import java.io.PrintWriter;

/** One progress line: rewritten in place on a terminal, a plain line at each change otherwise (logs stay readable). */
public final class ProgressLine {
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
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
    last = line;
  }

  /** Ends the line on a terminal, so that what follows starts on its own line. */
  public void done() {
    if (terminal && !last.isEmpty()) {
      out.println();
      out.flush();
    }
  }
}
