package io.pcagent.http;

import io.pcagent.images.Image;
import io.pcagent.images.ImageImportRequest;
import io.pcagent.images.ImageDeletion;
import io.pcagent.images.ImageImports;
import io.pcagent.images.ImageViews;
import io.pcagent.runner.Run;
import io.pcagent.runner.RunHistory;
import io.pcagent.runner.RunKind;
import io.pcagent.runner.RunStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Enroot images: {@code GET /v1/images[/{name}]} read the images folder, {@code POST} queues an import for the runner
 * and {@code DELETE} has the runner remove an image (both with the token: the images folder is the job user's, which
 * the agent may not write). The folder is on a shared file system that can hang, so
 * every read runs on a small pool of its own and a request that waits too long gets 503 instead of waiting with it.
 */
final class ImageRoutes implements RouteGroup {
  static final Duration FILE_SYSTEM_WAIT = Duration.ofSeconds(5);
  /** How long DELETE waits for the runner to remove the image (it looks every runs.poll). */
  static final Duration DELETE_WAIT = Duration.ofSeconds(10);
  private static final int POOL_SIZE = 2;

  private final ImageImports imports;
  private final RunStore store;
  private final Handler<RoutingContext> auth;
  private final WorkerExecutor pool;

  ImageRoutes(Vertx vertx, ImageImports imports, RunStore store, Handler<RoutingContext> auth) {
    this.imports = imports;
    this.store = store;
    this.auth = auth;
    this.pool = vertx.createSharedWorkerExecutor("images", POOL_SIZE);
  }

  @Override
  public void mount(Router router) {
    router.post("/v1/images").handler(auth).handler(BodyHandler.create(false).setBodyLimit(RunRoutes.MAX_BODY_BYTES)).handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      ImageImportRequest request = ImageBody.parse(ctx.body().asString());
      onFolder(ctx, () -> imports.queue(request), queued -> {
        if (queued instanceof ImageImports.Conflict conflict) {
          new Problem(409, "Conflict", conflict.detail()).send(ctx.response());
        } else if (queued instanceof ImageImports.Accepted accepted) {
          ctx.response().putHeader("Location", "/v1/images/" + request.name());
          Json.send(ctx.response(), 202, RunRoutes.view(accepted.run(), Optional.empty()));
        }
      });
    });
    router.get("/v1/images").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      onFolder(ctx, () -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dir", imports.catalog().dir().toString());
        body.put("images", imports.catalog().list().stream().map(ImageViews::image).toList());
        body.put("imports", imports.active().stream().map(run -> RunRoutes.view(run, Optional.empty())).toList());
        return body;
      }, body -> Json.send(ctx.response(), 200, body));
    });
    router.get("/v1/images/imports/:id").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      String id = ctx.pathParam("id");
      Blocking.run(ctx, () -> {
        Optional<RunHistory> run = store.history(id).filter(h -> h.run().kind() == RunKind.IMAGE_IMPORT);
        return run.isPresent() ? Answer.ok(RunRoutes.view(run.get().run(), Optional.of(run.get().events())))
            : Answer.problem(Problem.notFound("no image import " + id));
      }, answer -> answer.send(ctx));
    });
    router.get("/v1/images/:name").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      String name = ImageBody.name(ctx.pathParam("name"));
      onFolder(ctx, () -> describe(name), answer -> answer.send(ctx));
    });
    router.delete("/v1/images/:name").handler(auth).handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      String name = ImageBody.name(ctx.pathParam("name"));
      Blocking.run(ctx, () -> imports.delete(name, DELETE_WAIT), deletion -> {
        if (deletion instanceof ImageDeletion.Deleted) {
          ctx.response().setStatusCode(204).end();
        } else if (deletion instanceof ImageDeletion.NotFound) {
          Problem.notFound("no image " + name).send(ctx.response());
        } else if (deletion instanceof ImageDeletion.Conflict conflict) {
          new Problem(409, "Conflict", conflict.detail()).send(ctx.response());
        } else if (deletion instanceof ImageDeletion.Failed failed) {
          new Problem(500, "Internal Server Error", "the runner could not delete image " + name + ": " + failed.detail())
              .send(ctx.response());
        } else {
          Json.send(ctx.response(), 202, Map.of("name", name, "status", "deletion requested; the runner "
              + "(pcluster-agent-runner.service) has not done it within " + DELETE_WAIT.toSeconds() + " s"));
        }
      });
    });
  }

  /** An answer computed off the event loop: a body with its status, or a problem. */
  private record Answer(int status, Optional<Map<String, Object>> body, Optional<Problem> problem) {
    static Answer ok(Map<String, Object> body) {
      return new Answer(200, Optional.of(body), Optional.empty());
    }

    static Answer noContent() {
      return new Answer(204, Optional.empty(), Optional.empty());
    }

    static Answer problem(Problem problem) {
      return new Answer(problem.status(), Optional.empty(), Optional.of(problem));
    }

    void send(RoutingContext ctx) {
      if (problem.isPresent()) {
        problem.get().send(ctx.response());
      } else if (body.isPresent()) {
        Json.send(ctx.response(), status, body.get());
      } else {
        ctx.response().setStatusCode(status).end();
      }
    }
  }

  /**
   * The image; else its unfinished import (what the Location of a POST shows while the import runs); else 404, with
   * the last import's error when one failed, which is what the caller of a POST wants to know.
   */
  private Answer describe(String name) throws IOException, SQLException {
    Optional<Image> image = imports.catalog().find(name);
    if (image.isPresent()) {
      return Answer.ok(ImageViews.image(image.get()));
    }
    Optional<Run> running = imports.importOf(name);
    if (running.isPresent()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", name);
      view.put("state", "importing");
      Optional<RunHistory> history = store.history(running.get().id());
      view.put("import", RunRoutes.view(history.map(RunHistory::run).orElse(running.get()),
          Optional.of(history.map(RunHistory::events).orElse(List.of()))));
      return Answer.ok(view);
    }
    return Answer.problem(Problem.notFound(imports.lastImportOf(name).filter(run -> run.error().isPresent())
        .map(run -> "no image " + name + ": its last import " + run.id() + " " + run.state().label() + ": " + run.error().get())
        .orElse("no image " + name)));
  }

  private <T> void onFolder(RoutingContext ctx, Callable<T> work, Consumer<T> respond) {
    Blocking.runWithin(ctx, pool, FILE_SYSTEM_WAIT, work, respond, new Problem(503, "Service Unavailable", "the images folder "
        + imports.catalog().dir() + " did not answer within " + FILE_SYSTEM_WAIT.toSeconds() + " s (a hung file system? see /v1/storage)"));
  }
}
