package io.pcagent.cli;

/** Entry point of pcluster-agent.jar. The only place that calls System.exit. */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(CliRunner.execute(new AgentCommand(), args));
  }
}
