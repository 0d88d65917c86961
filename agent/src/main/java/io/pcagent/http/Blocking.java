package io.pcagent.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs blocking work (SQLite, a Slurm command, file reads) on a worker thread and answers on the event loop. */
final class Blocking {
  private Blocking() {}

  static <T> void run(RoutingContext ctx, Callable<T> work, Consumer<T> respond) {
    ctx.vertx().executeBlocking(work, false).onComplete(result -> {
      if (result.succeeded()) {
        respond.accept(result.result());
      } else {
        ctx.fail(result.cause());
      }
    });
  }
}
