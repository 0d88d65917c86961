package io.pcagent.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** 401 unless the request carries the agent's token; the comparison is constant-time ({@link ApiToken#accepts}). */
final class BearerAuth {
  private BearerAuth() {}

  static Handler<RoutingContext> handler(ApiToken token) {
    return ctx -> {
      if (token.accepts(ctx.request().getHeader("Authorization"))) {
        ctx.next();
      } else {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        new Problem(401, "Unauthorized", "this endpoint needs 'Authorization: Bearer <token>' with the agent's API token")
            .send(ctx.response());
      }
    };
  }
}
