package io.pcagent.config;

/** Where the agent's HTTP API listens. */
public record HttpConfig(String host, int port) {
  public static final int DEFAULT_PORT = 9810;
}
