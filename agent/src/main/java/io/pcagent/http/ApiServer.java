package io.pcagent.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pcagent.config.HttpConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's HTTP server: the cluster read API, {@code /metrics}, and problem+json for every error. */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final HttpServer server;

  private ApiServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts listening; returns once the port is bound (port 0 picks a free one, see {@link #port()}). */
  public static ApiServer start(HttpConfig config, ApiContext context) throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    Router router = router(vertx, groups(vertx, context), context.registry(), context.extraMetrics());
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port());
    config.tlsCert().ifPresent(cert -> options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(config.tlsKey().orElseThrow().toString())));
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      LOG.info("listening on {}://{}:{}", config.tlsCert().isPresent() ? "https" : "http", config.host(), server.actualPort());
      return new ApiServer(vertx, server);
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
      groups.add(new RunRoutes(store, context.token(), context.collectors(), context.runsDir()));
      groups.add(new JobRoutes(store, context.slurm(), context.cancel(), context.collectors(), BearerAuth.handler(context.token()),
          context.jobs().maxScriptBytes()));
      context.images().ifPresent(images -> groups.add(new ImageRoutes(vertx, images, store, BearerAuth.handler(context.token()))));
    });
    return groups;
  }

  /** Every route of the API; docs/api/openapi.yaml documents exactly these (a test compares them). */
  static Router router(Vertx vertx, List<RouteGroup> groups, PrometheusMeterRegistry registry, Supplier<String> extraMetrics) {
    Router router = Router.router(vertx);
    groups.forEach(group -> group.mount(router));
    router.get("/metrics").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(registry.scrape() + extraMetrics.get());
    });
    router.route().failureHandler(ApiServer::fail);
    router.errorHandler(404, ctx -> Problem.notFound("no resource at " + ctx.request().path()).send(ctx.response()));
    router.errorHandler(405, ctx -> new Problem(405, "Method Not Allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()).send(ctx.response()));
    return router;
  }

  public int port() {
    return server.actualPort();
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
