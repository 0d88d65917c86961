package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pcagent.exec.CommandFailedException;
import io.pcagent.testing.FixtureSlurm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the scheduler's figures come from: slurmctld's own metrics where `scontrol show config` says it serves them,
 * sdiag otherwise, and sdiag again for a refresh whose HTTP answer fails. The controller's HTTP side is a JDK server
 * here answering with what a live 26.05.5 served (live/26.05/scheduler-metrics.txt); sdiag is FixtureSlurm's.
 */
class SchedulerFromControllerTest {
  private static final String LIVE = "/io/pcagent/slurm/live/26.05/";
  private static final String SERVED = FixtureSlurm.resource(LIVE + "scheduler-metrics.txt");
  private final FixtureSlurm sdiag = new FixtureSlurm().sdiag(FixtureSlurm.resource(LIVE + "sdiag.txt"));
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  private String config(String metricsType) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics/scheduler", exchange -> {
      requests.incrementAndGet();
      byte[] body = (status.get() == 200 ? SERVED : "no").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return "MetricsType             = " + metricsType + "\nSlurmctldHost[0]        = head(127.0.0.1)\nSlurmctldPort           = "
        + server.getAddress().getPort() + "-" + (server.getAddress().getPort() + 9) + "\n";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void theEndpointIsTheFirstControllersAddressAndFirstPortOnlyWithOpenMetrics() {
    String config = "MetricsType             = metrics/openmetrics\nSlurmctldHost[0]        = ip-10-0-0-5(10.0.0.5)\n"
        + "SlurmctldHost[1]        = ip-10-0-0-6(10.0.0.6)\nSlurmctldPort           = 6820-6829\n";

    assertThat(ControllerMetrics.schedulerEndpoint(config)).contains(URI.create("http://10.0.0.5:6820/metrics/scheduler"));
    assertThat(ControllerMetrics.schedulerEndpoint(config.replace("ip-10-0-0-5(10.0.0.5)", "head")))
        .contains(URI.create("http://head:6820/metrics/scheduler"));
    assertThat(ControllerMetrics.schedulerEndpoint(config.replace("metrics/openmetrics", "(null)"))).isEmpty();
    assertThat(ControllerMetrics.schedulerEndpoint(FixtureSlurm.resource("/io/pcagent/slurm/live/24.11/show-config.txt"))).isEmpty();
  }

  @Test
  void withSlurmsMetricsTheFiguresComeFromThemAndSdiagIsNotRun() throws Exception {
    SchedulerFromController reads = new SchedulerFromController(sdiag.controllerDown(true), config("metrics/openmetrics")::toString,
        Duration.ofSeconds(5));

    SchedulerStats stats = reads.scheduler();

    assertThat(stats).isEqualTo(OpenMetricsScheduler.parse(SERVED));
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void aFailedAnswerFallsBackToSdiagForThatRefreshAndTheNextAnswerIsUsedAgain() throws Exception {
    SchedulerFromController reads = new SchedulerFromController(sdiag, config("metrics/openmetrics")::toString, Duration.ofSeconds(5));
    status.set(503);

    assertThat(reads.scheduler().rpcCounts()).as("sdiag's").isNotEmpty();
    status.set(200);
    assertThat(reads.scheduler().rpcCounts()).as("Slurm's metrics have none").isEmpty();
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  void whileScontrolShowConfigFailsItIsSdiagAndTheConfigIsAskedAgainNextTime() throws Exception {
    String config = config("metrics/openmetrics");
    AtomicInteger asked = new AtomicInteger();
    SchedulerFromController reads = new SchedulerFromController(sdiag, () -> {
      if (asked.incrementAndGet() == 1) {
        throw new CommandFailedException(java.util.List.of("scontrol", "show", "config"), 1, "", "slurm_load_ctl_conf error", false,
            "failed", null);
      }
      return config;
    }, Duration.ofSeconds(5));

    assertThat(reads.scheduler().rpcCounts()).as("sdiag's").isNotEmpty();
    assertThat(reads.scheduler().rpcCounts()).as("Slurm's metrics, once the config was read").isEmpty();
    assertThat(asked.get()).isEqualTo(2);
  }

  @Test
  void withoutMetricsTypeItIsSdiagAndNoRequest() throws Exception {
    SchedulerFromController reads = new SchedulerFromController(sdiag, config("(null)")::toString, Duration.ofSeconds(5));

    assertThat(reads.scheduler()).isEqualTo(SdiagParser.parse(FixtureSlurm.resource(LIVE + "sdiag.txt")));
    assertThat(reads.endpoint()).isEmpty();
    assertThat(requests.get()).isZero();
  }
}
