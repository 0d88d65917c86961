package io.pcagent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.exec.CommandRunner;
import io.pcagent.sandbox.Sandbox;
import io.pcagent.sandbox.SandboxLayout;
import io.pcagent.sandbox.SandboxSpec;
import io.pcagent.sandbox.SandboxStatus;
import io.pcagent.testing.load.Wrk;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * F6 of docs/reliability.md: {@code serve} and {@code runner} as systemd runs them (two processes through the launcher)
 * on a sandbox cluster, under mixed load for a while: wrk scraping {@code /metrics} and listing nodes, a reader of jobs,
 * partitions and health, and a job submitted every few seconds whose output is followed to its end and checked. Counts
 * every error; samples the RSS of both processes every 10 s. Passes when there was no error and, after the warm-up (the
 * first sixth), each RSS stays within 10% of where the warm-up left it; a run shorter than 10 minutes (what
 * {@code make test} runs) has no warm-up worth the name, and only its errors count.
 * Usage: {@code Soak LAUNCHER JAR WORK_DIR MINUTES}.
 */
public final class Soak {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT = "#!/bin/bash\\nfor i in 1 2 3 4 5; do echo soak-line-$i; sleep 1; done\\n";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong jobs = new AtomicLong();
  private final String base;
  private final String token;

  private Soak(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]).toAbsolutePath();
    Path jar = Path.of(args[1]).toAbsolutePath();
    Path work = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
    Duration length = Duration.ofSeconds((long) (Double.parseDouble(args[3]) * 60));
    Sandbox sandbox = new Sandbox(new CommandRunner());
    SandboxSpec spec = new SandboxSpec(work.resolve("sandbox"), 3, 0, SandboxSpec.DEFAULT_SUSPEND_TIME, SandboxSpec.DEFAULT_START_TIMEOUT);
    SandboxStatus status = sandbox.up(spec);
    int port = ServeAtScale.freePort();
    Path config = Files.writeString(work.resolve("agent.yaml"), config(status, spec, port));
    Process serve = AgentProcesses.start(launcher, jar, config, "serve", work.resolve("serve.log"));
    Process runner = AgentProcesses.start(launcher, jar, config, "runner", work.resolve("runner.log"));
    try {
      String base = "http://127.0.0.1:" + port;
      AgentProcesses.awaitReady(base, Duration.ofSeconds(120));
      new Soak(base, Files.readString(status.layout().head().resolve("token")).strip()).run(length, serve, runner);
    } finally {
      runner.destroy();
      serve.destroy();
      runner.waitFor(30, TimeUnit.SECONDS);
      serve.waitFor(30, TimeUnit.SECONDS);
      sandbox.down(spec.dir());
    }
  }

  private static String config(SandboxStatus status, SandboxSpec spec, int port) {
    SandboxLayout layout = status.layout();
    return String.join("\n", "slurm:", "  binDir: " + status.slurmBinDir(), "  conf: " + status.slurmConf(), "http:", "  host: 127.0.0.1",
        "  port: " + port, "runs:", "  store: " + layout.head().resolve("runs.db"), "  dir: " + layout.sharedHome().resolve("soak-runs"),
        "auth:", "  tokenFile: " + layout.head().resolve("token"), "jobs:", "  user: " + spec.jobUser(), "storage:", "  mounts:",
        "    " + layout.sharedHome() + ": fuse", "    " + layout.sharedFsx() + ": fuse", "images:", "  dir: " + layout.sharedFsx().resolve("images"),
        "  workDir: " + layout.head().resolve("enroot"), "");
  }

  private void run(Duration length, Process serve, Process runner) throws Exception {
    ExecutorService load = Executors.newFixedThreadPool(4);
    Future<Wrk.Result> scrapes = load.submit(() -> Wrk.run(base + "/metrics", 8, length, List.of("Accept-Encoding: gzip")));
    Future<Wrk.Result> lists = load.submit(() -> Wrk.run(base + "/v1/nodes", 2, length, List.of()));
    long end = System.nanoTime() + length.toNanos();
    Future<?> reader = load.submit(() -> {
      while (System.nanoTime() < end) {
        for (String path : List.of("/v1/health", "/v1/jobs?limit=50", "/v1/partitions", "/v1/storage", "/v1/smoke-tests", "/v1/images", "/readyz")) {
          expect(200, get(path).statusCode(), path);
        }
        Thread.sleep(500);
      }
      return null;
    });
    Future<?> submitter = load.submit(() -> {
      while (System.nanoTime() < end) {
        submitAndFollow();
        Thread.sleep(2000);
      }
      return null;
    });
    List<long[]> samples = new ArrayList<>();
    while (System.nanoTime() < end) {
      samples.add(new long[] {ServeAtScale.rss(serve.pid()), ServeAtScale.rss(runner.pid())});
      Thread.sleep(10_000);
    }
    reader.get(2, TimeUnit.MINUTES);
    submitter.get(2, TimeUnit.MINUTES);
    Wrk.Result metrics = scrapes.get(2, TimeUnit.MINUTES);
    Wrk.Result nodes = lists.get(2, TimeUnit.MINUTES);
    load.shutdown();
    samples.add(new long[] {ServeAtScale.rss(serve.pid()), ServeAtScale.rss(runner.pid())});
    report(length, metrics, nodes, samples);
  }

  private void submitAndFollow() throws Exception {
    String body = "{\"name\":\"soak\",\"script\":\"" + SCRIPT + "\"}";
    HttpResponse<String> submitted = http.send(request("/v1/jobs").POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    if (!expect(202, submitted.statusCode(), "POST /v1/jobs " + submitted.body())) {
      return;
    }
    String id = JSON.readTree(submitted.body()).path("id").asText();
    HttpResponse<InputStream> followed = follow(id);
    if (!expect(200, followed.statusCode(), "output of " + id)) {
      followed.body().close();
      return;
    }
    String output;
    try (InputStream in = followed.body()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!output.equals("soak-line-1\nsoak-line-2\nsoak-line-3\nsoak-line-4\nsoak-line-5\n")) {
      errors.incrementAndGet();
      System.err.println("output of " + id + " was '" + output + "'");
    }
    String slurmJob = followed.headers().firstValue("X-Job-Id").orElse("?");
    String state = "";
    for (int i = 0; i < 30 && !state.equals("COMPLETED"); i++) {
      // the job list is a snapshot: ask for a fresh one (the agent refreshes at most every 2 s)
      HttpResponse<String> job = get("/v1/jobs/" + slurmJob + "?fresh=true");
      state = job.statusCode() == 200 ? JSON.readTree(job.body()).path("state").asText() : "HTTP " + job.statusCode();
      if (!state.equals("COMPLETED")) {
        Thread.sleep(1000);
      }
    }
    expect(1, state.equals("COMPLETED") ? 1 : 0, "job " + slurmJob + " of run " + id + ": " + state);
    jobs.incrementAndGet();
  }

  /** The job's output, followed to its end; the run has a Slurm job once the runner submitted it (within a poll or two). */
  private HttpResponse<InputStream> follow(String runId) throws Exception {
    HttpResponse<InputStream> followed = null;
    for (int i = 0; i < 40; i++) {
      followed = http.send(request("/v1/jobs/" + runId + "/output?follow=true").build(), HttpResponse.BodyHandlers.ofInputStream());
      if (followed.statusCode() != 404) {
        return followed;
      }
      followed.body().close();
      Thread.sleep(250);
    }
    return followed;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    reads.incrementAndGet();
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private boolean expect(int wanted, int got, String what) {
    if (wanted != got) {
      errors.incrementAndGet();
      System.err.println("expected " + wanted + ", got " + got + ": " + what);
      return false;
    }
    return true;
  }

  private void report(Duration length, Wrk.Result metrics, Wrk.Result nodes, List<long[]> samples) {
    int warm = Math.max(1, samples.size() / 6);
    long failures = errors.get() + metrics.failures() + nodes.failures();
    StringBuilder verdict = new StringBuilder();
    String[] names = {"serve", "runner"};
    boolean steady = true;
    for (int p = 0; p < 2; p++) {
      long atWarm = samples.get(warm - 1)[p];
      long min = Long.MAX_VALUE;
      long max = 0;
      for (long[] sample : samples.subList(warm, samples.size())) {
        min = Math.min(min, sample[p]);
        max = Math.max(max, sample[p]);
      }
      boolean within = max <= atWarm * 1.1 && min >= atWarm * 0.9;
      steady &= within;
      verdict.append(String.format("%s RSS %d MB after warm-up, %d-%d MB after, %d MB at the end (%s); ", names[p], atWarm / 1024,
          min / 1024, max / 1024, samples.get(samples.size() - 1)[p] / 1024, within ? "within 10%" : "NOT within 10%"));
    }
    System.out.printf("soak %d min: %d scrapes (p99 %d ms), %d node lists, %d reads, %d jobs followed; %d errors; %s%n",
        length.toMinutes(), metrics.requests(), metrics.p99().toMillis(), nodes.requests(), reads.get(), jobs.get(), failures, verdict);
    if (length.toMinutes() < 10) {
      System.out.println("(shorter than 10 minutes: RSS reported, not judged)");
      steady = true;
    }
    if (failures > 0 || !steady) {
      throw new IllegalStateException("the soak failed: " + failures + " errors, RSS " + (steady ? "steady" : "not steady"));
    }
  }
}
