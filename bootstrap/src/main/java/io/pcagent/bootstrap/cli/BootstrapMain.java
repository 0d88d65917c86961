package io.pcagent.bootstrap.cli;

import io.pcagent.cli.CliRunner;

/** Entry point of pcluster-bootstrap.jar. The only place that calls System.exit. */
public final class BootstrapMain {
  private BootstrapMain() {}

  public static void main(String[] args) {
    System.exit(CliRunner.execute(new BootstrapCommand(), args));
  }
}
