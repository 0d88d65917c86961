package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.collect.ClusterCollectors;
import io.pcagent.collect.CollectConfig;
import io.pcagent.config.HttpConfig;
import io.pcagent.config.JobsConfig;
import io.pcagent.config.StorageConfig;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.health.HealthChecks;
import io.pcagent.metrics.Exposition;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.storage.StorageMonitor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a PEM certificate and key configured, the API speaks HTTPS only (pair made by openssl); protected reads need the token. */
class ApiServerTlsTest {

  @Test
  void servesHttpsWithThePemPairAndRefusesPlainHttp(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    new CommandRunner().run(Command.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", key.toString(), "-out", cert.toString()).withTimeout(Duration.ofSeconds(60)));
    HttpConfig config = new HttpConfig("127.0.0.1", 0, Optional.of(cert), Optional.of(key));
    SlurmClient slurm = new SlurmClient(new CommandRunner(), new SlurmSettings(SlurmSettings.DEFAULT_BIN_DIR, Optional.empty(), Duration.ofSeconds(5), 4096));
    ClusterCollectors collectors = new ClusterCollectors(slurm, CollectConfig.DEFAULTS, Clock.systemUTC());
    HealthChecks health = new HealthChecks(collectors, OptionalInt.empty(), Clock.systemUTC(), Optional::empty);

    ApiContext context = new ApiContext(collectors, health, Optional.empty(), Optional.empty(), ApiToken.loadOrCreate(dir.resolve("token")), true, slurm,
        StorageMonitor.forThisHost(StorageConfig.NONE, Clock.systemUTC(), "test"), JobsConfig.DEFAULTS, dir.resolve("runs"), new Exposition(List::of, Duration.ofSeconds(10)), Clock.systemUTC());
    try (ApiServer server = ApiServer.start(config, context)) {
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert)).build();
      HttpResponse<String> https = trusting.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(https.statusCode()).isEqualTo(200);
      assertThat(https.body()).isEqualTo("{\"status\":\"alive\"}");
      HttpResponse<String> protectedRead = trusting.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/v1/nodes")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(protectedRead.statusCode()).as("auth.protectReads puts reads behind the token").isEqualTo(401);

      HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
          .timeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    } finally {
      collectors.close();
    }
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      store.setCertificateEntry("agent", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
