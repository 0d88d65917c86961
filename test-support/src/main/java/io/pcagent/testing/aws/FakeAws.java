package io.pcagent.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double for AWS, which cannot be reached from here: a local HTTP server that speaks the wire protocols
 * the real SDK clients use when pointed at it with {@code endpointOverride}: CloudFormation's and EC2's query protocols
 * with XML answers, FSx and SSM's JSON 1.1 (operation in {@code X-Amz-Target}), and S3's REST API (path-style, with
 * aws-chunked uploads). The services behind it are small simulations ({@link FakeCloudFormation} and the others)
 * whose answers have the shapes of AWS's. Every request is recorded with the service and region it was signed
 * for (SigV4 credential scope), and any operation can be made to answer throttling errors first.
 */
public final class FakeAws implements AutoCloseable {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");

  /** One request as the server saw it. */
  public record Call(String service, String region, String operation, String detail) {}

  /** What a simulated service answers. */
  public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static Reply of(int status, String contentType, String body) {
      return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Integer> throttled = new HashMap<>();
  public final FakeCloudFormation cloudFormation = new FakeCloudFormation();
  public final FakeEc2 ec2 = new FakeEc2();
  public final FakeFsx fsx = new FakeFsx();
  public final FakeS3 s3 = new FakeS3();
  public final FakeSsm ssm = new FakeSsm();

  public FakeAws() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code times} calls of {@code operation} answer a throttling error. */
  public synchronized void throttle(String operation, int times) {
    throttled.put(operation, times);
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<String> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Matcher scope = SCOPE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      boolean signed = scope.find();
      String service = signed ? scope.group(2) : "unsigned";
      String region = signed ? scope.group(1) : "";
      Reply reply = dispatch(exchange, service, region, body);
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      if (reply.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      }
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
      if (!head && reply.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    }
  }

  private synchronized Reply dispatch(HttpExchange exchange, String service, String region, byte[] body) {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    return switch (service) {
      case "cloudformation" -> {
        Map<String, String> form = FakeCloudFormation.form(new String(body, StandardCharsets.UTF_8));
        String operation = form.getOrDefault("Action", "?");
        yield record(service, region, operation, form.toString(), () -> cloudFormation.handle(operation, form, region),
            () -> FakeCloudFormation.error(400, "Throttling", "Rate exceeded"));
      }
      case "ec2" -> {
        Map<String, String> form = FakeCloudFormation.form(new String(body, StandardCharsets.UTF_8));
        String operation = form.getOrDefault("Action", "?");
        yield record(service, region, operation, form.toString(), () -> ec2.handle(operation, form),
            () -> FakeEc2.error(503, "RequestLimitExceeded", "Request limit exceeded."));
      }
      case "fsx", "ssm" -> {
        String operation = target == null ? "?" : target.substring(target.indexOf('.') + 1);
        String json = new String(body, StandardCharsets.UTF_8);
        yield record(service, region, operation, json,
            () -> service.equals("fsx") ? fsx.handle(operation, json) : ssm.handle(operation, json),
            () -> FakeJson.error(400, "ThrottlingException", "Rate exceeded"));
      }
      case "s3" -> {
        FakeS3.Request request = FakeS3.request(exchange, body);
        yield record(service, region, request.operation(), request.key(), () -> s3.handle(request),
            () -> FakeS3.error(503, "SlowDown", "Please reduce your request rate."));
      }
      default -> Reply.of(403, "text/plain", "request not signed for a known service: " + service);
    };
  }

  private Reply record(String service, String region, String operation, String detail,
      Supplier<Reply> answer, Supplier<Reply> throttling) {
    calls.add(new Call(service, region, operation, detail));
    int left = throttled.getOrDefault(operation, 0);
    if (left > 0) {
      throttled.put(operation, left - 1);
      return throttling.get();
    }
    return answer.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
