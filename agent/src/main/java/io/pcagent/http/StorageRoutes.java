package io.pcagent.http;

import io.pcagent.storage.MountStatus;
import io.pcagent.storage.StorageMonitor;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /v1/storage}: each shared file system the head node must have, as last seen (never a probe on request). */
final class StorageRoutes implements RouteGroup {
  private final StorageMonitor storage;

  StorageRoutes(StorageMonitor storage) {
    this.storage = storage;
  }

  @Override
  public void mount(Router router) {
    router.get("/v1/storage").handler(ctx -> {
      QueryParameters.check(ctx.queryParams(), Set.of());
      List<Map<String, Object>> mounts = storage.statuses().stream().map(StorageRoutes::view).toList();
      Json.send(ctx.response(), 200, Map.of("mounts", mounts));
    });
  }

  static Map<String, Object> view(MountStatus status) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("mountPoint", status.mountPoint().toString());
    view.put("expectedType", status.expectedType().orElse(null));
    view.put("source", status.mounted().map(MountStatus.Mounted::source).orElse(null));
    view.put("type", status.mounted().map(MountStatus.Mounted::type).orElse(null));
    view.put("options", status.mounted().map(MountStatus.Mounted::options).orElse(null));
    view.put("sizeBytes", status.stats().map(s -> s.sizeBytes()).orElse(null));
    view.put("freeBytes", status.stats().map(s -> s.freeBytes()).orElse(null));
    view.put("availBytes", status.stats().map(s -> s.availBytes()).orElse(null));
    view.put("inodesTotal", status.stats().map(s -> s.inodesTotal()).orElse(null));
    view.put("inodesFree", status.stats().map(s -> s.inodesFree()).orElse(null));
    view.put("usedPercent", status.stats().map(s -> Math.round(s.usedPercent() * 10) / 10.0).orElse(null));
    view.put("probeSeconds", status.probeLatency().map(d -> d.toNanos() / 1e9).orElse(null));
    view.put("state", status.status().label());
    view.put("why", status.why());
    return view;
  }
}
