package io.pcagent.cli;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a Picocli command tree and turns every way it can end into one of the named {@link ExitCode}s:
 * usage errors 2, {@link PcagentException} its own code with its message, anything else 4 with the stack
 * trace. Never calls {@code System.exit}: the caller's {@code main} does.
 */
public final class CliRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CliRunner.class);

  private CliRunner() {}

  public static CommandLine commandLine(Object root) {
    CommandLine commandLine = new CommandLine(root);
    commandLine.setExecutionExceptionHandler(CliRunner::handleExecutionException);
    commandLine.setParameterExceptionHandler(CliRunner::handleParameterException);
    commandLine.setExitCodeExceptionMapper(e -> e instanceof PcagentException p ? p.exitCode().code() : ExitCode.INTERNAL.code());
    return commandLine;
  }

  public static int execute(Object root, String... args) {
    return commandLine(root).execute(args);
  }

  private static int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof PcagentException p) {
      err.println(commandLine.getCommandName() + ": " + p.getMessage());
      LOG.debug("command failed", p);
      err.flush();
      return p.exitCode().code();
    }
    err.println(commandLine.getCommandName() + ": internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return ExitCode.INTERNAL.code();
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(commandLine.getCommandName() + ": " + e.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
    }
    err.flush();
    return ExitCode.USAGE.code();
  }
}
