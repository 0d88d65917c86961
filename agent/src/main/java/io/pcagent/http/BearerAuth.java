package io.pcagent.http;

import io.vertx.ext.web.handler.PlatformHandler;

/**
 * 401 unless the request carries the agent's token; the comparison is constant-time ({@link ApiToken#accepts}). Mounted before
 * the body handler, so that the body of a request without the token is never read.
 */
final class BearerAuth {
  private BearerAuth() {}

  /** A platform handler to Vert.x, which may then come before the body handler (an authentication handler may not). */
  static PlatformHandler handler(ApiToken token) {
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
