package io.pcagent.bootstrap.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code prereqs}, {@code bucket}, {@code dra}): alone, it is a usage error. */
abstract class CommandGroup implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    List<String> names = new ArrayList<>(spec.subcommands().keySet());
    String last = names.remove(names.size() - 1);
    throw new ParameterException(spec.commandLine(), "a subcommand is required: "
        + (names.isEmpty() ? last : String.join(", ", names) + " or " + last));
  }
}
