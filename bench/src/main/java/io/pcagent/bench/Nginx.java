package io.pcagent.bench;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.testing.load.Wrk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** The baseline: Debian's nginx serving the agent's own bytes (and their gzip, gzip_static, when given) from memory-cached files. */
final class Nginx {
  private Nginx() {}

  /** The body at {@code /NAME}, its gzip (or null) at {@code /NAME.gz}; wrk sends {@code headers}. */
  static Wrk.Result serve(Path dir, String name, byte[] plain, byte[] zipped, int connections, Duration window, List<String> headers)
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("nginx/www"));
    for (Path readable : List.of(dir, dir.resolve("nginx"), root)) {
      Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.write(root.resolve(name), plain);
    Files.deleteIfExists(root.resolve(name + ".gz"));
    if (zipped != null) {
      Files.write(root.resolve(name + ".gz"), zipped);
    }
    int port = ServeAtScale.freePort();
    Path conf = Files.writeString(dir.resolve("nginx/nginx.conf"), String.join("\n",
        "worker_processes 1;", "daemon off;", "pid " + dir.resolve("nginx/nginx.pid") + ";", "error_log " + dir.resolve("nginx/error.log") + ";",
        "events { worker_connections 1024; }",
        "http {", "  access_log off;", "  default_type text/plain;", "  gzip_static on;", "  sendfile on;",
        "  client_body_temp_path " + dir.resolve("nginx") + ";", "  proxy_temp_path " + dir.resolve("nginx") + ";",
        "  fastcgi_temp_path " + dir.resolve("nginx") + ";", "  uwsgi_temp_path " + dir.resolve("nginx") + ";",
        "  scgi_temp_path " + dir.resolve("nginx") + ";",
        "  server { listen 127.0.0.1:" + port + "; root " + root + "; }", "}", ""));
    Process nginx = new ProcessBuilder("nginx", "-c", conf.toString(), "-p", dir.resolve("nginx").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx/out.log").toFile()).start();
    try {
      String url = "http://127.0.0.1:" + port + "/" + name;
      for (int i = 0; i < 50; i++) {
        if (new CommandRunner().runAllowingFailure(Command.of("curl", "-sf", "-o", "/dev/null", url)).succeeded()) {
          break;
        }
        Thread.sleep(100);
      }
      Wrk.Result result = Wrk.run(url, connections, window, headers);
      if (result.failures() > 0) {
        throw new IllegalStateException("nginx failed " + result.failures() + " requests: " + result.report());
      }
      return result;
    } finally {
      nginx.destroy();
      nginx.waitFor();
    }
  }
}
