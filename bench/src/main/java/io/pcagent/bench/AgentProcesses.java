package io.pcagent.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The agent's commands started as systemd starts them: through the launcher, with a config file, logging to a file. */
final class AgentProcesses {
  private AgentProcesses() {}

  static Process start(Path launcher, Path jar, Path config, String command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(launcher.toString(), command, "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PCAGENT_JAR", jar.toString());
    return builder.start();
  }

  /** Polls {@code /readyz} until it answers 200. */
  static void awaitReady(String base, Duration within) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the agent was not ready within " + within.toSeconds() + " s");
  }
}
