package io.pcagent.http;

import io.vertx.ext.web.Router;

/** A set of related routes the API server mounts. */
interface RouteGroup {
  void mount(Router router);
}
