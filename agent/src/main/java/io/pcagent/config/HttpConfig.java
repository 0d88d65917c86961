package io.pcagent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the agent's HTTP API listens, and its optional TLS certificate and key (PEM files, both or neither).
 */
public record HttpConfig(String host, int port, Optional<Path> tlsCert, Optional<Path> tlsKey) {
  public static final int DEFAULT_PORT = 9810;

  public static HttpConfig plain(String host, int port) {
    return new HttpConfig(host, port, Optional.empty(), Optional.empty());
  }
}
