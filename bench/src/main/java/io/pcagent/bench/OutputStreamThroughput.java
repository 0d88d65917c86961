package io.pcagent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.app.AgentRuntime;
import io.pcagent.app.InProcessRunner;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.slurm.JobStates;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.slurm.SlurmSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Streaming a finished job's output through {@code GET /v1/jobs/{id}/output?follow=true}, against {@code cat} of
 * the same file into a pipe the same JVM drains, alternating the two. Args: slurm.conf of a running sandbox
 * (DIR/opt/slurm/etc/slurm.conf), a work folder on its shared fsx (the job writes there from a compute node), the
 * output size in MiB, rounds. See docs/benchmarks.md.
 */
public final class OutputStreamThroughput {
  private OutputStreamThroughput() {}

  public static void main(String[] args) throws Exception {
    Path conf = Path.of(args[0]);
    Path work = Path.of(args[1]).toAbsolutePath();
    int mib = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    SlurmSettings slurmConfig = SandboxSlurm.config(conf);
    AgentConfig config = new AgentConfig(slurmConfig, HttpConfig.plain("127.0.0.1", 0), CollectConfig.DEFAULTS,
        new HealthConfig(OptionalInt.empty()), new RunsConfig(work.resolve("runs.db"), work.resolve("runs"), Duration.ofMillis(300)),
        new AuthConfig(work.resolve("token"), false), JobsConfig.DEFAULTS);
    SlurmClient slurm = new SlurmClient(new CommandRunner(), slurmConfig);
    HttpClient http = HttpClient.newHttpClient();
    InProcessRunner runner = InProcessRunner.start(config, Clock.systemUTC());
    try (runner; AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC())) {
      String token = Files.readString(work.resolve("token")).strip();
      String script = "#!/bin/bash\nhead -c " + mib + "M /dev/urandom | base64 -w 100\n";
      HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + "/v1/jobs"))
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString("{\"script\":" + new ObjectMapper().writeValueAsString(script) + "}")).build(),
          HttpResponse.BodyHandlers.ofString());
      long job = new ObjectMapper().readTree(accepted.body()).path("slurmJobId").asLong();
      while (slurm.jobState(job).map(state -> !JobStates.ended(state)).orElse(false)) {
        Thread.sleep(200);
      }
      Path file = Path.of(slurm.jobDetails(job).orElseThrow().stdOut().orElseThrow());
      long size = Files.size(file);
      URI output = URI.create("http://127.0.0.1:" + agent.port() + "/v1/jobs/" + job + "/output?follow=true");
      List<Double> api = new ArrayList<>();
      List<Double> cat = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        long started = System.nanoTime();
        new CommandRunner().run(Command.of("cat", file.toString()).withOutputLimit(1).withTimeout(Duration.ofMinutes(5)));
        cat.add((System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(output).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        long read = drain(response.body());
        api.add((System.nanoTime() - started) / 1e9);
        if (read != size) {
          throw new IllegalStateException("streamed " + read + " of " + size + " bytes");
        }
      }
      double apiMedian = median(api);
      double catMedian = median(cat);
      System.out.printf("%,d bytes, %d rounds, medians: API %.3f s (%.0f MB/s) %s; cat %.3f s (%.0f MB/s) %s; API/cat time ratio %.2f%n",
          size, rounds, apiMedian, size / apiMedian / 1e6, api, catMedian, size / catMedian / 1e6, cat, apiMedian / catMedian);
    }
  }

  private static long drain(InputStream in) throws Exception {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
      }
    }
    return total;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
