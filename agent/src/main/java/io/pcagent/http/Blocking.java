package io.pcagent.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs blocking work (SQLite, a Slurm command, file reads) on a worker thread and answers on the event loop. */
final class Blocking {
  private Blocking() {}

  static <T> void run(RoutingContext ctx, Callable<T> work, Consumer<T> respond) {
    handle(ctx, ctx.vertx().executeBlocking(work, false), respond);
  }

  /** On a pool of its own, for work that lasts as long as a job (following its output). */
  static <T> void run(RoutingContext ctx, WorkerExecutor pool, Callable<T> work, Consumer<T> respond) {
    handle(ctx, pool.executeBlocking(work, false), respond);
  }

  private static <T> void handle(RoutingContext ctx, Future<T> future, Consumer<T> respond) {
    future.onComplete(result -> {
      if (result.succeeded()) {
        respond.accept(result.result());
      } else {
        ctx.fail(result.cause());
      }
    });
  }
}
