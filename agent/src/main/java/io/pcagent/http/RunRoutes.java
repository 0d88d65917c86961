package io.pcagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.collect.ClusterCollectors;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunEvent;
import io.pcagent.runner.RunKind;
import io.pcagent.runner.RunStore;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.Partition;
import io.pcagent.smoke.SmokeProgress;
import io.pcagent.smoke.SmokeTestRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Smoke tests over HTTP: {@code POST} queues one for the runner (token required), {@code GET} shows history
 * and outcomes. The run store is SQLite, so its calls run on worker threads, never on the event loop.
 */
final class RunRoutes implements RouteGroup {
  static final long MAX_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunStore store;
  private final ApiToken token;
  private final ClusterCollectors collectors;
  private final Path runsDir;
  private final List<String> sharedDirs;

  RunRoutes(RunStore store, ApiToken token, ClusterCollectors collectors, Path runsDir, List<String> sharedDirs) {
    this.store = store;
    this.token = token;
    this.collectors = collectors;
    this.runsDir = runsDir;
    this.sharedDirs = List.copyOf(sharedDirs);
  }

  @Override
  public void mount(Router router) {
    router.post("/v1/smoke-tests").handler(BearerAuth.handler(token)).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(ctx -> {
          QueryParameters.check(ctx.queryParams(), Set.of());
          SmokeTestRequest request = SmokeTestBody.parse(ctx.body().asString(), sharedDirs);
          checkAgainstCluster(request);
          String parameters = write(request);
          Blocking.run(ctx, () -> store.insert(RunKind.SMOKE_TEST, parameters), run -> {
            ctx.response().putHeader("Location", "/v1/smoke-tests/" + run.id());
            Json.send(ctx.response(), 202, view(run, Optional.empty()));
          });
        });
    router.get("/v1/smoke-tests").handler(ctx -> {
      QueryParameters query = QueryParameters.check(ctx.queryParams(), Set.of("limit"));
      int limit = query.integer("limit", 1, 1000).orElse(20);
      Blocking.run(ctx, () -> store.list(RunKind.SMOKE_TEST, limit),
          runs -> Json.send(ctx.response(), 200, Map.of("smokeTests", runs.stream().map(r -> view(r, Optional.empty())).toList())));
    });
    router.get("/v1/smoke-tests/:id").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      String id = ctx.pathParam("id");
      Blocking.run(ctx, () -> store.history(id).filter(h -> h.run().kind() == RunKind.SMOKE_TEST).map(history -> {
        Map<String, Object> view = view(history.run(), Optional.of(history.events()));
        if (!history.run().state().isFinal() && id.matches("r-[0-9a-f-]+")) {
          SmokeProgress.of(runsDir.resolve(id)).ifPresent(p -> view.put("progress", Map.of("reported", p.reported(), "expected", p.expected())));
        }
        return view;
      }), found -> found.ifPresentOrElse(body -> Json.send(ctx.response(), 200, body),
          () -> Problem.notFound("no smoke test " + id).send(ctx.response())));
    });
  }

  /** Partitions and nodes must exist now: a 400 here, not a job that pends for ever. */
  private void checkAgainstCluster(SmokeTestRequest request) {
    List<Partition> partitions = collectors.partitions().current().value().orElse(List.of());
    List<Node> nodes = collectors.nodes().current().value().orElse(List.of());
    for (String partition : request.partitions()) {
      if (!partitions.isEmpty() && partitions.stream().noneMatch(p -> p.name().equals(partition))) {
        throw new ProblemException(Problem.badRequest("partitions: '" + partition + "' does not exist"));
      }
    }
    for (String node : request.nodes()) {
      if (!nodes.isEmpty() && nodes.stream().noneMatch(n -> n.name().equals(node))) {
        throw new ProblemException(Problem.badRequest("nodes: '" + node + "' does not exist"));
      }
    }
  }

  static Map<String, Object> view(Run run, Optional<List<RunEvent>> events) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", run.id());
    view.put("kind", run.kind().label());
    view.put("state", run.state().label());
    view.put("parameters", parse(run.parameters()));
    view.put("slurmJobId", run.slurmJobId().isPresent() ? run.slurmJobId().getAsLong() : null);
    view.put("createdAt", run.createdAt().toString());
    view.put("updatedAt", run.updatedAt().toString());
    view.put("finishedAt", run.finishedAt().map(Object::toString).orElse(null));
    view.put("result", run.result().map(RunRoutes::parse).orElse(null));
    view.put("error", run.error().orElse(null));
    events.ifPresent(list -> view.put("events", list.stream().map(e -> {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("at", e.at().toString());
      event.put("state", e.state().label());
      event.put("message", e.message());
      return event;
    }).toList()));
    return view;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
