package io.pcagent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
  private final CommandRunner runner = new CommandRunner();

  @Test
  void returnsStdoutAndStderrOfACommandThatSucceeds() throws Exception {
    CommandResult result = runner.run(Command.of("bash", "-c", "echo out; echo err >&2"));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
    assertThat(result.stdoutTruncated()).isFalse();
    assertThat(result.argv()).containsExactly("bash", "-c", "echo out; echo err >&2");
  }

  @Test
  void handsOverStderrLinesWhileTheCommandStillRuns(@TempDir Path dir) throws Exception {
    Path seen = dir.resolve("seen");
    List<String> lines = new CopyOnWriteArrayList<>();
    Command command = Command.of("bash", "-c", "echo first >&2; for i in $(seq 100); do [ -e \"$1\" ] && break; sleep 0.1; done;"
        + " [ -e \"$1\" ] && echo second >&2", "tap", seen.toString()).withTimeout(Duration.ofSeconds(20));

    CommandResult result = runner.runAllowingFailure(command, line -> {
      lines.add(line);
      try {
        if (!Files.exists(seen)) {
          Files.createFile(seen);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    assertThat(lines).containsExactly("first", "second");
    assertThat(result.stderr()).isEqualTo("first\nsecond\n");
  }

  @Test
  void streamsStdoutLinesWithoutHoldingTheWholeOutput() throws Exception {
    List<String> lines = new ArrayList<>();
    Command command = Command.of("bash", "-c", "for i in $(seq 1 100000); do echo \"record $i with some text\"; done; printf 'last'")
        .withTimeout(Duration.ofSeconds(60));

    CommandResult result = runner.runLines(command, lines::add);

    assertThat(lines).hasSize(100_001);
    assertThat(lines.get(99_999)).isEqualTo("record 100000 with some text");
    assertThat(lines.get(100_000)).isEqualTo("last");
    assertThat(result.stdout()).hasSizeLessThanOrEqualTo(CommandRunner.STREAMED_HEAD_BYTES).startsWith("record 1 with some text\n");
    assertThatThrownBy(() -> runner.runLines(Command.of("bash", "-c", "echo partial; echo broken >&2; exit 3"), line -> { }))
        .isInstanceOf(CommandFailedException.class).hasMessageContaining("broken");
  }

  @Test
  void keepsTheEndOfALongStderrOnlyWhateverTheOutputLimit() throws Exception {
    CommandResult result = runner.runAllowingFailure(Command.of("bash", "-c", "head -c 1000000 /dev/zero | tr '\\0' x >&2; echo END >&2")
        .withOutputLimit(64 << 20));

    assertThat(result.stderr()).hasSize(CommandRunner.STDERR_KEPT_BYTES).endsWith("xxEND\n");
    assertThat(result.stderrTruncated()).isTrue();
  }

  @Test
  void passesArgumentsVerbatimWithoutAShell() throws Exception {
    CommandResult result = runner.run(Command.of("printf", "%s|", "a b", "$HOME", "'quoted'", "*"));

    assertThat(result.stdout()).isEqualTo("a b|$HOME|'quoted'|*|");
  }

  @Test
  void setsEnvironmentOverridesAndWorkingDirectory(@TempDir Path dir) throws Exception {
    Command command = Command.of("bash", "-c", "echo \"$GREETING\"; pwd")
        .withEnvironment(Map.of("GREETING", "hello"))
        .withWorkingDirectory(dir);

    assertThat(runner.run(command).stdout()).isEqualTo("hello\n" + dir.toRealPath() + "\n");
  }

  @Test
  void failureCarriesArgvExitCodeAndStderrTail() {
    Command command = Command.of("bash", "-c", "echo partial; echo 'sinfo: error: no controller' >&2; exit 7");

    assertThatThrownBy(() -> runner.run(command))
        .isInstanceOfSatisfying(CommandFailedException.class, e -> {
          assertThat(e.argv()).containsExactly("bash", "-c", "echo partial; echo 'sinfo: error: no controller' >&2; exit 7");
          assertThat(e.exitCode()).isEqualTo(7);
          assertThat(e.stderrTail()).isEqualTo("sinfo: error: no controller\n");
          assertThat(e.stdout()).isEqualTo("partial\n");
          assertThat(e.timedOut()).isFalse();
          assertThat(e.getMessage()).isEqualTo(
              "bash -c echo partial; echo 'sinfo: error: no controller' >&2; exit 7: failed (exit code 7): sinfo: error: no controller");
        });
  }

  @Test
  void runAllowingFailureReturnsTheExitCode() throws Exception {
    assertThat(runner.runAllowingFailure(Command.of("bash", "-c", "exit 3")).exitCode()).isEqualTo(3);
  }

  @Test
  void aMissingProgramIsACommandFailure() {
    assertThatThrownBy(() -> runner.run(Command.of("/nonexistent/sinfo", "-h")))
        .isInstanceOfSatisfying(CommandFailedException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(CommandFailedException.NO_EXIT_CODE);
          assertThat(e.getMessage()).startsWith("/nonexistent/sinfo -h: could not start: ");
        });
  }

  @Test
  void killsACommandThatRunsPastItsTimeout() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(CommandFailedException.class, e -> {
          assertThat(e.timedOut()).isTrue();
          assertThat(e.getMessage()).isEqualTo("sleep 30: timed out after 300 ms");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void killsACommandThatIgnoresSigterm() throws Exception {
    Command stubborn = Command.of("bash", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done")
        .withTimeout(Duration.ofMillis(500));

    assertThatThrownBy(() -> runner.run(stubborn))
        .isInstanceOfSatisfying(CommandFailedException.class, e -> {
          assertThat(e.timedOut()).isTrue();
          assertThat(e.stdout()).isEqualTo("ready\n");
        });
    CommandResult search = runner.runAllowingFailure(Command.of("pgrep", "-f", "trap '' TERM; echo ready"));
    assertThat(search.exitCode()).as("pgrep finds no process of the stubborn command: %s", search.stdout()).isEqualTo(1);
  }

  @Test
  void drainsAFloodOfStderrWithoutBlockingAndKeepsItsTail() throws Exception {
    Command flood = Command.of("bash", "-c", "head -c 20000000 /dev/zero | tr '\\0' x >&2; echo END >&2; echo done")
        .withOutputLimit(4096)
        .withTimeout(Duration.ofSeconds(60));

    CommandResult result = runner.run(flood);

    assertThat(result.stdout()).isEqualTo("done\n");
    assertThat(result.stderrTruncated()).isTrue();
    assertThat(result.stderr().length()).isEqualTo(4096);
    assertThat(result.stderr().substring(4096 - 8)).isEqualTo("xxxxEND\n");
  }

  @Test
  void capsStdoutKeepingItsHead() throws Exception {
    CommandResult result = runner.run(Command.of("seq", "1", "100000").withOutputLimit(10));

    assertThat(result.stdout()).isEqualTo("1\n2\n3\n4\n5\n");
    assertThat(result.stdoutTruncated()).isTrue();
  }

  @Test
  void commandRejectsEmptyArgvAndNonPositiveLimits() {
    assertThatThrownBy(() -> Command.of(List.of())).hasMessage("argv must not be empty");
    assertThatThrownBy(() -> Command.of("true").withTimeout(Duration.ZERO)).hasMessage("timeout must be positive, got PT0S");
    assertThatThrownBy(() -> Command.of("true").withOutputLimit(0)).hasMessage("outputLimitBytes must be positive, got 0");
  }
}
