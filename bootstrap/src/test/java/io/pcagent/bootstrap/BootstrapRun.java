package io.pcagent.bootstrap;

import io.pcagent.bootstrap.cli.BootstrapCommand;
import io.pcagent.cli.CliRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs pcluster-bootstrap as its main would, in this JVM, and keeps what it printed. */
public record BootstrapRun(int exitCode, String out, String err) {
  public static BootstrapRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = CliRunner.commandLine(new BootstrapCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new BootstrapRun(exitCode, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
