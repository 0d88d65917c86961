package io.pcagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI as a user sees it: arguments in, exit code and output out. No cluster needed for these. */
class AgentCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CliRunner.commandLine(new AgentCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void versionNamesTheProgramAndVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("pcluster-agent " + VersionProvider.version() + "\n");
    assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void helpListsTheSubcommandsAndExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("sandbox", "dev", "Exit codes:", "2   usage (bad arguments or configuration)");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(
        "pcluster-agent: a subcommand is required\nTry 'pcluster-agent --help' for more information.\n");
  }

  @Test
  void unknownOptionIsAUsageErrorWithASuggestion() {
    assertThat(run("sandbox", "up", "--node", "3")).isEqualTo(2);
    assertThat(err.toString()).startsWith("up: Unknown options: '--node', '3'\n").contains("--nodes");
  }

  @Test
  void outOfRangeNodeCountIsAUsageError() {
    assertThat(run("sandbox", "up", "--nodes", "0", "--dir", "/nonexistent/never-created")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("up: --nodes must be between 1 and 64, got 0\n");
  }

  @Test
  void statusOfAnEmptyFolderIsAFailureNamingIt() {
    assertThat(run("sandbox", "status", "--dir", "/nonexistent/sandbox")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("status: no sandbox in /nonexistent/sandbox\n");
  }

  @Test
  void verbosityIsAcceptedAtEveryLevel() {
    assertThat(run("-vv", "sandbox", "status", "-v", "--dir", "/nonexistent/sandbox")).isEqualTo(1);
  }
}
