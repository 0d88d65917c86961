package io.pcagent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the agent's HTTP API listens, its optional TLS certificate and key (PEM files, both or neither), and how
 * long one task may hold the event loop before it is reported ({@code pcagent_event_loop_blocked_total} and a warning):
 * every request waits behind such a task.
 */
public record HttpConfig(String host, int port, Optional<Path> tlsCert, Optional<Path> tlsKey, Duration maxEventLoopBlock) {
  public static final int DEFAULT_PORT = 9810;
  public static final Duration DEFAULT_MAX_EVENT_LOOP_BLOCK = Duration.ofSeconds(2);

  public HttpConfig(String host, int port, Optional<Path> tlsCert, Optional<Path> tlsKey) {
    this(host, port, tlsCert, tlsKey, DEFAULT_MAX_EVENT_LOOP_BLOCK);
  }

  public static HttpConfig plain(String host, int port) {
    return new HttpConfig(host, port, Optional.empty(), Optional.empty());
  }

  public HttpConfig withMaxEventLoopBlock(Duration limit) {
    return new HttpConfig(host, port, tlsCert, tlsKey, limit);
  }
}
