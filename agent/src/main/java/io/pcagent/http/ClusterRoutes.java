package io.pcagent.http;

import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.Collector;
import io.pcagent.collect.Snapshot;
import io.pcagent.health.HealthChecks;
import io.pcagent.health.HealthReport;
import io.pcagent.health.HealthStatus;
import io.pcagent.slurm.Job;
import io.pcagent.slurm.Node;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The read API: health, nodes, partitions, jobs, all served from the collectors' snapshots. {@code fresh=true}
 * asks for a refresh first, which the collector shares and rate-limits. The node and job lists are written on a
 * worker thread ({@link ListBodies}): at 50,000 nodes that is no work for the event loop.
 */
final class ClusterRoutes implements RouteGroup {
  private final ClusterCollectors collectors;
  private final HealthChecks health;
  private final Clock clock;
  private final ListBodies<Node> nodeBodies = new ListBodies<>("nodes", "node", Node::name, Views::node);
  private final ListBodies<Job> jobBodies = new ListBodies<>("jobs", "job", Job::id, Views::job);

  ClusterRoutes(ClusterCollectors collectors, HealthChecks health, Clock clock) {
    this.collectors = collectors;
    this.health = health;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/healthz").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      Json.send(ctx.response(), 200, Map.of("status", "alive"));
    });
    router.get("/readyz").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      if (collectors.ready()) {
        Json.send(ctx.response(), 200, Map.of("status", "ready"));
      } else {
        new Problem(503, "Service Unavailable", "no snapshot of nodes and jobs taken yet").send(ctx.response());
      }
    });
    router.get("/v1/health").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      // off the event loop: at scale a report names thousands of nodes, each reason up to a megabyte
      Blocking.run(ctx, () -> {
        HealthReport report = health.evaluate();
        return Json.Written.of(report.status() == HealthStatus.FAILING ? 503 : 200,
            Views.health(report, collectors.statuses(), clock.instant()));
      }, written -> written.send(ctx.response()));
    });
    router.get("/v1/nodes").handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("partition", "state", "fresh", "limit", "after"));
      Optional<Predicate<Node>> filter = nodeFilter(query);
      ListBodies.Page page = ListBodies.Page.of(query);
      boolean gzip = ApiServer.acceptsGzip(ctx.request().getHeader("Accept-Encoding"));
      withSnapshot(ctx, collectors.nodes(), query, (snapshot, c) -> Blocking.run(c,
          () -> nodeBodies.body(snapshot, filter, page, clock.instant(), gzip), body -> sendJson(c, body)));
    });
    router.get("/v1/nodes/:name").handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("fresh"));
      String name = ctx.pathParam("name");
      withSnapshot(ctx, collectors.nodes(), query, (snapshot, c) -> sendOne(c, snapshot,
          n -> n.name().equals(name), Views::node, "no node named '" + name + "'"));
    });
    router.get("/v1/partitions").handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("fresh"));
      withSnapshot(ctx, collectors.partitions(), query, (snapshot, c) -> Json.send(c.response(), 200, Views.list("partitions",
          snapshot.value().orElse(List.of()).stream().map(Views::partition).toList(), snapshot, clock.instant())));
    });
    router.get("/v1/jobs").handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("state", "user", "partition", "fresh", "limit", "after"));
      Optional<Predicate<Job>> filter = jobFilter(query);
      ListBodies.Page page = ListBodies.Page.of(query);
      boolean gzip = ApiServer.acceptsGzip(ctx.request().getHeader("Accept-Encoding"));
      withSnapshot(ctx, collectors.jobs(), query, (snapshot, c) -> Blocking.run(c,
          () -> jobBodies.body(snapshot, filter, page, clock.instant(), gzip), body -> sendJson(c, body)));
    });
    router.get("/v1/jobs/:id").handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("fresh"));
      String id = ctx.pathParam("id");
      if (id.startsWith("r-")) {
        ctx.next(); // a run id, the Location of POST /v1/jobs: JobRoutes answers it
        return;
      }
      if (!id.matches("\\d{1,10}(_\\d{1,10})?")) {
        throw new ProblemException(Problem.badRequest("job id must look like 42 or 40_3, got '" + id + "'"));
      }
      withSnapshot(ctx, collectors.jobs(), query, (snapshot, c) -> sendOne(c, snapshot,
          j -> j.id().equals(id) || Long.toString(j.jobId()).equals(id), Views::job,
          "no job " + id + " (finished jobs are kept for Slurm's MinJobAge only)"));
    });
  }

  /** The one item of the snapshot that matches, with the snapshot's source, or a 404. */
  private <T> void sendOne(RoutingContext ctx, Snapshot<List<T>> snapshot, Predicate<T> match,
      Function<T, Map<String, Object>> view, String notFound) {
    // off the event loop: the search goes through 100,000 jobs, and one node's reason may be a megabyte of JSON
    Blocking.run(ctx, () -> {
      Optional<T> item = snapshot.value().orElse(List.of()).stream().filter(match).findFirst();
      if (item.isEmpty()) {
        return Optional.<Json.Written>empty();
      }
      Map<String, Object> body = new LinkedHashMap<>(view.apply(item.get()));
      body.put("source", Views.source(snapshot.status(), clock.instant()));
      return Optional.of(Json.Written.of(200, body));
    }, written -> written.ifPresentOrElse(w -> w.send(ctx.response()), () -> Problem.notFound(notFound).send(ctx.response())));
  }

  /** The whole list comes gzipped when asked (it is kept so per snapshot); pages and filtered lists never do. */
  private static void sendJson(RoutingContext ctx, ListBodies.Body body) {
    Bodies.end(body.bytes(), () -> {
      HttpServerResponse response = ctx.response().putHeader("Content-Type", "application/json").putHeader("Vary", "Accept-Encoding");
      return body.gzip() ? response.putHeader("Content-Encoding", "gzip") : response;
    });
  }

  /** Empty when the request filters nothing (the whole list, kept per snapshot). */
  private static Optional<Predicate<Node>> nodeFilter(QueryParameters query) {
    Optional<String> partition = query.get("partition");
    Optional<String> state = query.get("state").map(s -> s.toUpperCase(Locale.ROOT));
    if (partition.isEmpty() && state.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(node -> partition.map(node.partitions()::contains).orElse(true)
        && state.map(s -> node.state().category().toUpperCase(Locale.ROOT).equals(s) || node.state().base().equals(s)
            || node.state().has(s) || node.state().service().name().equals(s)).orElse(true));
  }

  private static Optional<Predicate<Job>> jobFilter(QueryParameters query) {
    Optional<String> state = query.get("state").map(s -> s.toUpperCase(Locale.ROOT));
    Optional<String> user = query.get("user");
    Optional<String> partition = query.get("partition");
    if (state.isEmpty() && user.isEmpty() && partition.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(job -> state.map(job.state()::equals).orElse(true)
        && user.map(job.user()::equals).orElse(true)
        && partition.map(p -> List.of(job.partition().split(",")).contains(p)).orElse(true));
  }

  /** Responds from the current snapshot, or from a shared, rate-limited refresh when {@code fresh=true}. */
  private static <T> void withSnapshot(RoutingContext ctx, Collector<T> collector, QueryParameters query,
      BiConsumer<Snapshot<T>, RoutingContext> respond) {
    if (!query.flag("fresh")) {
      respond.accept(collector.current(), ctx);
      return;
    }
    Context context = ctx.vertx().getOrCreateContext();
    collector.refresh().whenComplete((snapshot, error) -> context.runOnContext(v -> {
      if (error != null) {
        ctx.fail(error);
      } else {
        respond.accept(snapshot, ctx);
      }
    }));
  }
}
