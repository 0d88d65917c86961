package io.pcagent.cli;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a Picocli command tree and turns every way it can end into one of the named {@link ExitCode}s:
 * usage errors 2, {@link PcagentException} its own code with its message, anything else 4 with the stack
 * trace. The message goes to stderr; with {@code --output json} on the command line, stdout gets it too, as one JSON
 * object {@code {"message": ..., "exitCode": N}} (the pcluster CLI's own shape), so that a script that parses stdout
 * always has something to parse. Never calls {@code System.exit}: the caller's {@code main} does.
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
    boolean json = jsonOutput(parseResult.originalArgs());
    if (e instanceof PcagentException p) {
      String message = commandLine.getCommandName() + ": " + p.getMessage();
      err.println(message);
      LOG.debug("command failed", p);
      err.flush();
      return fail(commandLine, json, message, p.exitCode());
    }
    String message = commandLine.getCommandName() + ": internal error: " + e;
    err.println(message);
    e.printStackTrace(err);
    err.flush();
    return fail(commandLine, json, message, ExitCode.INTERNAL);
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String message = commandLine.getCommandName() + ": " + e.getMessage();
    err.println(message);
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
    }
    err.flush();
    return fail(commandLine, jsonOutput(List.of(args)), message, ExitCode.USAGE);
  }

  /** The exit code; with {@code --output json}, the failure as one JSON object on stdout too. */
  private static int fail(CommandLine commandLine, boolean json, String message, ExitCode code) {
    if (json) {
      PrintWriter out = commandLine.getOut();
      out.println(JsonError.of(message, code));
      out.flush();
    }
    return code.code();
  }

  /** Whether the command line asks for {@code --output json} (as {@code --output json} or {@code --output=json}). */
  static boolean jsonOutput(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--output=json") || (args.get(i).equals("--output") && i + 1 < args.size() && args.get(i + 1).equals("json"))) {
        return true;
      }
    }
    return false;
  }
}
