package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.app.AgentRuntime;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.AgentConfig;
import io.pcagent.config.AuthConfig;
import io.pcagent.config.HealthConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.RunsConfig;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.testing.FixtureSlurm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * F5 of docs/reliability.md: 10,000 generated requests, from a seed that the log records (set -Dfuzz.seed=N to replay
 * one run), against every route of the API: malformed and deeply nested JSON, huge bodies, unknown fields, path
 * traversal, NUL and shell metacharacters in ids, names and every string field, bad, missing and good tokens. No
 * answer may be a 5xx, every mutation without the token is 401, and slow clients that never finish their request do
 * not keep the others waiting.
 */
class HttpFuzzIT {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFuzzIT.class);
  private static final int REQUESTS = 10_000;
  private static final List<String> NASTY = List.of("../../etc/passwd", "..%2f..%2fetc", "%00", "a\u0000b", "$(reboot)", "`id`", "; rm -rf /",
      "|cat /etc/shadow", "' OR 1=1 --", "\"quoted\"", "{{7*7}}", "%s%n", "\u202e\u0007", "x".repeat(5000), "", " ", "-1", "99999999999999999999",
      "r-0-0", "42", "40_3", "compute-gpu-st-distributed-ml-1", "busybox", "ünïcödé", "\n\r", "*", "?", "#", "&after=");
  private static final List<String> FIELDS = List.of("script", "nodes", "ntasksPerNode", "partition", "timeLimit", "env", "name", "source",
      "partitions", "tasksPerNode", "timeoutSeconds", "sharedDirs", "includePoweredDown", "containerImage", "unknownField", "__proto__");

  /**
   * What an unauthenticated mutation may get: 401, or a refusal before any route runs (no such route, no such method, a
   * request line too long for the HTTP codec).
   */
  private static final Set<Integer> REFUSED_UNREAD = Set.of(401, 404, 405, 414, 431);

  @TempDir Path dir;

  @Test
  void tenThousandGeneratedRequestsGetNo5xxAndEveryUnauthenticatedMutationIs401() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    LOG.info("fuzz seed {} (replay with -Dfuzz.seed={})", seed, seed);
    Random random = new Random(seed);
    FixtureSlurm slurm = new FixtureSlurm().nodes(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/24.11/nodes.txt"))
        .jobs(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/24.11/squeue.txt"))
        .partitions(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/23.11/partitions.txt"))
        .sdiag(FixtureSlurm.resource("/io/pcagent/slurm/SlurmParsersTest/22.05/sdiag.txt"));
    AgentConfig config = new AgentConfig(new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(5), 1 << 20),
        HttpConfig.plain("127.0.0.1", 0), CollectConfig.DEFAULTS, new HealthConfig(OptionalInt.empty()),
        new RunsConfig(dir.resolve("runs.db"), dir.resolve("runs"), Duration.ofSeconds(1)), new AuthConfig(dir.resolve("token"), false),
        JobsConfig.DEFAULTS);
    try (AgentRuntime agent = AgentRuntime.start(config, Clock.systemUTC(), slurm)) {
      assertThat(agent.awaitReady(Duration.ofSeconds(10))).isTrue();
      String token = Files.readString(dir.resolve("token")).strip();
      String base = "http://127.0.0.1:" + agent.port();
      List<Socket> slow = slowClients(agent.port(), 50);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      Map<Integer, Integer> statuses = new TreeMap<>();
      List<String> failures = new ArrayList<>();
      long usedBefore = usedHeapAfterGc();
      for (int i = 0; i < REQUESTS; i++) {
        Fuzzed request = generate(random, token);
        HttpResponse<String> response;
        try {
          response = send(http, request, base);
        } catch (IllegalArgumentException e) {
          continue; // the client itself refuses the URI (a space, a NUL): nothing reached the agent
        } catch (IOException e) {
          if (request.requestLineTooLong() && request.body() != null) {
            // Vert.x's decoder answers a request line over 4096 bytes with 414 and closes the connection; a client
            // still sending its body then meets a reset and may never read the 414 (Netty's decoder does no lingering
            // close). Refused before any route either way: counted so, not as a failure.
            statuses.merge(414, 1, Integer::sum);
            continue;
          }
          failures.add(request + ": " + e);
          continue;
        }
        statuses.merge(response.statusCode(), 1, Integer::sum);
        if (response.statusCode() >= 500) {
          failures.add(request + " -> " + response.statusCode() + " " + response.body());
        }
        if (request.mutation() && !request.authenticated() && !REFUSED_UNREAD.contains(response.statusCode())) {
          failures.add(request + " without the token -> " + response.statusCode());
        }
      }
      long usedAfter = usedHeapAfterGc();
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("with 50 clients still sending their first line").isEqualTo(200);
      for (Socket socket : slow) {
        socket.close();
      }
      LOG.info("seed {}: statuses {}; heap {} MB before, {} MB after", seed, statuses, usedBefore >> 20, usedAfter >> 20);
      assertThat(failures).as("seed %d", seed).isEmpty();
      assertThat(statuses.keySet()).contains(200, 400, 401, 404);
      assertThat(usedAfter - usedBefore).as("heap growth, bytes").isLessThan(64L << 20);
      assertThat(agent.eventLoopBlocks()).isZero();
    }
  }

  /**
   * Sends, and once more on a fresh connection when the pooled one turns out closed: the agent closes a connection after
   * refusing a body that is too large (413), which the client may notice only on its next request there.
   */
  private static HttpResponse<String> send(HttpClient http, Fuzzed request, String base) throws IOException, InterruptedException {
    try {
      return http.send(request.build(base), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(base), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** One generated request: method, path with query, body, and whether it carries the right token. */
  private record Fuzzed(String method, String path, String body, Optional<String> authorization, boolean mutation, boolean authenticated) {
    /** Longer than Vert.x's default maxInitialLineLength (HttpServerOptions: 4096), which the agent keeps. */
    boolean requestLineTooLong() {
      return (method + " " + path + " HTTP/1.1").length() > 4096;
    }

    HttpRequest build(String base) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      authorization.ifPresent(value -> builder.header("Authorization", value));
      return builder.build();
    }

    @Override
    public String toString() {
      return method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path) + " body "
          + (body == null ? "none" : body.length() > 200 ? body.substring(0, 200) + "... (" + body.length() + " chars)" : body)
          + " auth " + authorization.map(a -> a.length() > 40 ? a.substring(0, 40) + "..." : a).orElse("none");
    }
  }

  private static Fuzzed generate(Random random, String token) {
    String id = encode(pick(random, NASTY));
    List<String[]> routes = List.of(
        new String[] {"GET", "/v1/nodes"}, new String[] {"GET", "/v1/nodes/" + id}, new String[] {"GET", "/v1/jobs"},
        new String[] {"GET", "/v1/jobs/" + id}, new String[] {"GET", "/v1/jobs/" + id + "/output"}, new String[] {"DELETE", "/v1/jobs/" + id},
        new String[] {"POST", "/v1/jobs"}, new String[] {"POST", "/v1/smoke-tests"}, new String[] {"GET", "/v1/smoke-tests/" + id},
        new String[] {"GET", "/v1/images/" + id}, new String[] {"DELETE", "/v1/images/" + id}, new String[] {"POST", "/v1/images"},
        new String[] {"GET", "/v1/images/imports/" + id}, new String[] {"GET", "/v1/health"}, new String[] {"GET", "/metrics"},
        new String[] {"GET", "/v1/storage"}, new String[] {"PUT", "/v1/nodes"}, new String[] {"GET", "/" + id});
    String[] route = routes.get(random.nextInt(routes.size()));
    String path = route[1] + (random.nextInt(3) == 0 ? "?" + encode(pick(random, FIELDS)) + "=" + encode(pick(random, NASTY)) : "");
    boolean mutation = !route[0].equals("GET");
    String body = route[0].equals("POST") ? body(random) : null;
    // the scheme is case-insensitive (RFC 9110) and whitespace around the token is not part of it
    List<String> right = List.of("Bearer " + token, "bearer " + token, "Bearer  " + token, "Bearer " + token + "\t");
    List<String> wrong = List.of("Bearer " + token.substring(0, token.length() - 1) + "x", "Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer " + token + "x",
        token, "Bearer " + token.toUpperCase(Locale.ROOT));
    int auth = random.nextInt(4);
    Optional<String> authorization = switch (auth) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(pick(random, right));
      default -> Optional.of(pick(random, wrong));
    };
    return new Fuzzed(route[0], path, body, authorization, mutation, auth == 1);
  }

  private static String body(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> "{" + "\"a\":{".repeat(5000) + "}".repeat(5001);
      case 1 -> "[" + "[".repeat(3000) + "]".repeat(3001);
      case 2 -> "{\"script\":\"" + "x".repeat(2 << 20) + "\"}";
      case 3 -> "{not json";
      case 4 -> "";
      case 5 -> "null";
      default -> {
        StringBuilder object = new StringBuilder("{");
        int fields = 1 + random.nextInt(4);
        for (int f = 0; f < fields; f++) {
          object.append(f == 0 ? "" : ",").append('"').append(pick(random, FIELDS)).append("\":").append(value(random));
        }
        yield object.append('}').toString();
      }
    };
  }

  private static String value(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Long.toString(random.nextLong());
      case 1 -> "[" + json(pick(random, NASTY)) + "]";
      case 2 -> "{\"PATH\":" + json(pick(random, NASTY)) + "}";
      case 3 -> random.nextBoolean() ? "true" : "null";
      default -> json(pick(random, NASTY));
    };
  }

  private static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Clients that open a connection and send half a request line, then nothing (slowloris). */
  private static List<Socket> slowClients(int port, int count) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket socket = new Socket("127.0.0.1", port);
      OutputStream out = socket.getOutputStream();
      out.write("GET /v1/nodes HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      sockets.add(socket);
    }
    return sockets;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
