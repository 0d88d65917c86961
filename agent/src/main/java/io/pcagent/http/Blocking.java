package io.pcagent.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
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

  /**
   * On a pool of its own, for work on a file system that may hang: past {@code timeout} the request gets
   * {@code late} and whatever the work brings afterwards is dropped (the pool is small, so a hung file system ties
   * up only its own threads).
   */
  static <T> void runWithin(RoutingContext ctx, WorkerExecutor pool, Duration timeout, Callable<T> work, Consumer<T> respond,
      Problem late) {
    long timer = ctx.vertx().setTimer(timeout.toMillis(), id -> {
      if (!ctx.response().headWritten()) {
        late.send(ctx.response());
      }
    });
    pool.executeBlocking(work, false).onComplete(result -> {
      ctx.vertx().cancelTimer(timer);
      if (ctx.response().headWritten()) {
        return;
      }
      if (result.succeeded()) {
        respond.accept(result.result());
      } else {
        ctx.fail(result.cause());
      }
    });
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
