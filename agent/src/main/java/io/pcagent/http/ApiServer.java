package io.pcagent.http;

import io.pcagent.config.HttpConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.metrics.Exposition;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's HTTP server: the cluster read API, {@code /metrics}, and problem+json for every error. */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final HttpServer server;
  private final AtomicLong eventLoopBlocks;

  private ApiServer(Vertx vertx, HttpServer server, AtomicLong eventLoopBlocks) {
    this.vertx = vertx;
    this.server = server;
    this.eventLoopBlocks = eventLoopBlocks;
  }

  /** Starts listening; returns once the port is bound (port 0 picks a free one, see {@link #port()}). */
  public static ApiServer start(HttpConfig config, ApiContext context) throws InterruptedException {
    long limitMs = config.maxEventLoopBlock().toMillis();
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(limitMs).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(Math.max(10, Math.min(1000, limitMs / 2))).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    AtomicLong eventLoopBlocks = new AtomicLong();
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      boolean eventLoop = event.thread().getName().contains("eventloop");
      if (eventLoop) {
        eventLoopBlocks.incrementAndGet();
      }
      LOG.warn("{} busy with one task for {} ms, more than {} ms{}; at {}", event.thread().getName(), event.duration() / 1_000_000,
          event.maxExecTime() / 1_000_000, eventLoop ? ": every request waits behind it" : "", where(event.thread()));
    });
    Router router = router(vertx, groups(vertx, context), context.metrics());
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port());
    config.tlsCert().ifPresent(cert -> options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(config.tlsKey().orElseThrow().toString())));
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      LOG.info("listening on {}://{}:{}", config.tlsCert().isPresent() ? "https" : "http", config.host(), server.actualPort());
      return new ApiServer(vertx, server, eventLoopBlocks);
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new PcagentException(ExitCode.FAILURE,
          "cannot listen on " + config.host() + ":" + config.port() + ": " + cause.getMessage(), cause);
    }
  }

  static List<RouteGroup> groups(Vertx vertx, ApiContext context) {
    List<RouteGroup> groups = new ArrayList<>();
    if (context.protectReads()) {
      groups.add(router -> router.route("/v1/*").handler(BearerAuth.handler(context.token())));
    }
    groups.add(new ClusterRoutes(context.collectors(), context.health(), context.clock()));
    groups.add(new StorageRoutes(context.storage()));
    context.runs().ifPresent(store -> {
      groups.add(new RunRoutes(store, context.token(), context.collectors(), context.runsDir(), context.storage().sharedDirs()));
      groups.add(new JobRoutes(store, context.slurm(), context.collectors(), BearerAuth.handler(context.token()), context.jobs()));
      context.images().ifPresent(images -> groups.add(new ImageRoutes(vertx, images, store, BearerAuth.handler(context.token()))));
    });
    return groups;
  }

  /** Every route of the API; docs/api/openapi.yaml documents exactly these (a test compares them). */
  static Router router(Vertx vertx, List<RouteGroup> groups, Exposition metrics) {
    Router router = Router.router(vertx);
    // first: Vert.x tries routes in order, and every route with a path parameter costs a regular expression match
    router.get("/metrics").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      boolean gzip = acceptsGzip(ctx.request().getHeader("Accept-Encoding"));
      Context context = ctx.vertx().getOrCreateContext();
      metrics.get().whenComplete((rendered, error) -> context.runOnContext(v -> {
        if (error != null) {
          ctx.fail(error);
          return;
        }
        HttpServerResponse response = ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).putHeader("Vary", "Accept-Encoding");
        if (gzip) {
          Bodies.end(Bodies.kept(rendered.gzip()), () -> response.putHeader("Content-Encoding", "gzip"));
        } else {
          Bodies.end(Bodies.kept(rendered.text()), () -> response);
        }
      }));
    });
    groups.forEach(group -> group.mount(router));
    router.route().failureHandler(ApiServer::fail);
    router.errorHandler(404, ctx -> Problem.notFound("no resource at " + ctx.request().path()).send(ctx.response()));
    router.errorHandler(405, ctx -> new Problem(405, "Method Not Allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()).send(ctx.response()));
    return router;
  }

  /** The top of a busy thread's stack: what held it. */
  private static String where(Thread thread) {
    StackTraceElement[] stack = thread.getStackTrace();
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < Math.min(12, stack.length); i++) {
      frames.add(stack[i].toString());
    }
    return String.join(" < ", frames);
  }

  /** Whether an Accept-Encoding header takes gzip (not {@code gzip;q=0}). */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.strip().split(";");
      if (parts[0].strip().equalsIgnoreCase("gzip")) {
        return parts.length < 2 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
      }
    }
    return false;
  }

  public int port() {
    return server.actualPort();
  }

  /** How many times a task held an event loop longer than {@code http.maxEventLoopBlock}. */
  public long eventLoopBlocks() {
    return eventLoopBlocks.get();
  }

  private static void fail(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (ctx.response().headWritten()) {
      LOG.debug("request {} failed mid-response: {}", ctx.request().path(), failure == null ? "?" : failure.getMessage());
      ctx.response().reset();
      return;
    }
    if (failure instanceof ProblemException problem) {
      problem.problem().send(ctx.response());
      return;
    }
    int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.error("request {} failed", ctx.request().path(), failure);
    }
    if (status == 413) {
      new Problem(413, "Content Too Large", "the body exceeds " + RunRoutes.MAX_BODY_BYTES + " bytes").send(ctx.response());
      return;
    }
    new Problem(status, status == 500 ? "Internal Server Error" : "Error",
        failure == null ? "request failed" : failure.getClass().getSimpleName() + ": " + failure.getMessage()).send(ctx.response());
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("HTTP server did not close cleanly: {}", e.getMessage());
    }
  }
}
