package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.StorageConfig;
import io.pcagent.images.ImageCatalog;
import io.pcagent.images.ImageImports;
import io.pcagent.runner.RunStore;
import io.pcagent.storage.StorageMonitor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/api/openapi.yaml documents exactly the routes the server has: no more, no fewer. */
class OpenApiSpecTest {
  private static final Path SPEC = Path.of("..", "docs", "api", "openapi.yaml");

  @Test
  void everyRouteIsInTheSpecAndEveryPathOfTheSpecIsARoute(@TempDir Path dir) throws Exception {
    Set<String> served = new TreeSet<>();
    Vertx vertx = Vertx.vertx();
    try (RunStore store = RunStore.open(dir.resolve("runs.db"), Clock.systemUTC())) {
      ApiContext context = new ApiContext(null, null, Optional.of(store),
          Optional.of(new ImageImports(new ImageCatalog(dir.resolve("images")), store)), null, false, null,
          StorageMonitor.forThisHost(StorageConfig.NONE, Clock.systemUTC(), "test"), JobsConfig.DEFAULTS, dir,
          null, Clock.systemUTC());
      Router router = ApiServer.router(vertx, ApiServer.groups(vertx, context), null);
      for (Route route : router.getRoutes()) {
        if (route.getPath() == null || route.methods() == null) {
          continue;
        }
        for (HttpMethod method : route.methods()) {
          served.add(method.name() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}"));
        }
      }
    } finally {
      vertx.close();
    }

    Set<String> documented = new TreeSet<>();
    JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile()).get("paths");
    Iterator<String> names = paths.fieldNames();
    while (names.hasNext()) {
      String path = names.next();
      paths.get(path).fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path));
    }

    assertThat(served).isNotEmpty().isEqualTo(documented);
  }
}
