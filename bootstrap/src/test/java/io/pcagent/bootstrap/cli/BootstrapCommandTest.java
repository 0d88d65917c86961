package io.pcagent.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.cli.CliRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BootstrapCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CliRunner.commandLine(new BootstrapCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void versionAndHelp() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("pcluster-bootstrap ");
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Exit codes:");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    assertThat(run("create-cluster")).isEqualTo(2);
    assertThat(err.toString()).startsWith("pcluster-bootstrap: Unmatched argument at index 0: 'create-cluster'\n");
  }
}
