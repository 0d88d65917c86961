package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.app.InProcessRunner;
import io.pcagent.config.FsxConfig;
import io.pcagent.testing.LocalPrometheus;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alert rules of dashboards/ against a real Prometheus (Debian's) scraping the agent on the sandbox,
 * after a smoke test, with one node drained, one job held and two FSx file systems (FSx's API from FakeAws, one of them
 * MISCONFIGURED) with a data repository association, so that every panel has rows: every panel query of every dashboard
 * parses and returns series; Prometheus loads every alert rule and evaluates it without error, every metric an alert
 * reads exists, and the drained node and the misconfigured file system fire their alerts' expressions; the series of
 * grafana.com dashboard 4323 return data.
 */
@ExtendWith(SandboxExtension.class)
class DashboardsIT {
  private static final Path DASHBOARDS = Path.of("..", "dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METRIC = Pattern.compile("\\b(slurm_[a-z_]+|pcagent_[a-z_]+|up)\\b");
  private static final String LUSTRE = "fs-0123456789abcdef0";
  private static final String ZFS = "fs-0fedcba9876543210";
  private static final String HELD_JOB = "dashboards-held";

  @TempDir Path dir;

  @Test
  void everyPanelQueryAndAlertRuleReturnsSeriesFromARealPrometheusScrapingTheAgent(SandboxCluster cluster) throws Exception {
    String drained = cluster.spec().staticNodeNames().get(cluster.spec().staticNodes() - 1);
    TestCredentials.present();
    try (FakeAws aws = new FakeAws()) {
      aws.fsx.fileSystem(LUSTRE, "LUSTRE", "AVAILABLE", null);
      aws.fsx.fileSystem(ZFS, "OPENZFS", "MISCONFIGURED", "the security group does not allow NFS from the head node");
      aws.fsx.association(LUSTRE, "dra-0123456789abcdef0", "/data", "s3://ml-cluster-data", "AVAILABLE", null);
      FsxConfig fsx = new FsxConfig(List.of(LUSTRE, ZFS), Optional.of("ap-northeast-1"), Optional.of(aws.endpoint()), Duration.ofMinutes(5));
      check(cluster, fsx, drained);
    } finally {
      cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=" + drained, "state=resume");
      cluster.slurm(Duration.ofSeconds(10), "scancel", "--name=" + HELD_JOB);
    }
  }

  private void check(SandboxCluster cluster, FsxConfig fsx, String drained) throws Exception {
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty(), RunningAgent.sharedMounts(cluster), fsx)) {
      InProcessRunner runner = InProcessRunner.start(agent.config(), Clock.systemUTC());
      try {
        smokeTest(agent, cluster);
      } finally {
        runner.close();
      }
      cluster.slurm(Duration.ofSeconds(10), "sbatch", "--hold", "--job-name=" + HELD_JOB, "--output=/dev/null", "--wrap", "true");
      cluster.slurm(Duration.ofSeconds(10), "scontrol", "update", "nodename=" + drained, "state=drain", "reason=dashboards check");
      agent.await("/metrics", r -> r.body().contains("slurm_node_reason_info{node=\"" + drained + "\""), Duration.ofSeconds(30));
      agent.await("/metrics", r -> r.body().contains("slurm_queue_pending_reason{reason=\"JobHeld"), Duration.ofSeconds(30));
      agent.await("/metrics", r -> r.body().contains("pcagent_fsx_dra_info{"), Duration.ofSeconds(30));
      List<Path> rules = List.of(DASHBOARDS.resolve("prometheus").resolve("alerts.yml"));
      try (LocalPrometheus prometheus = LocalPrometheus.start(dir, "pcluster-agent", "127.0.0.1:" + agent.uri("").getPort(), "sandbox", rules)) {
        awaitScrapes(prometheus);
        List<String> problems = new ArrayList<>();
        int panels = checkDashboards(prometheus, problems);
        int alerts = checkAlerts(prometheus, problems);
        checkDashboard4323(prometheus, problems);
        assertThat(problems).as("%d panels, %d alerts", panels, alerts).isEmpty();
        assertThat(panels).isGreaterThan(40);
        assertThat(alerts).isEqualTo(13);
        assertThat(prometheus.query(expression(prometheus, "SlurmNodesDrained")).at("/data/result")).as("with a drained node").hasSize(1);
        assertThat(prometheus.query(expression(prometheus, "FsxNotAvailable")).at("/data/result")).as("with a misconfigured FSx")
            .hasSize(1);
      }
    }
  }

  private static String expression(LocalPrometheus prometheus, String alert) throws Exception {
    for (JsonNode group : prometheus.rules().at("/data/groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.path("name").asText().equals(alert)) {
          return rule.path("query").asText();
        }
      }
    }
    throw new AssertionError("no alert " + alert);
  }

  private static void smokeTest(RunningAgent agent, SandboxCluster cluster) throws Exception {
    String body = "{\"timeoutSeconds\":120,\"sharedDirs\":[\"" + cluster.layout().sharedFsx() + "\"]}";
    JsonNode accepted = RunningAgent.parse(agent.send("POST", "/v1/smoke-tests", body, Optional.of(agent.token())).body());
    String id = accepted.get("id").asText();
    agent.await("/v1/smoke-tests/" + id, r -> r.body().contains("\"state\":\"succeeded\""), Duration.ofSeconds(120));
    agent.await("/metrics", r -> r.body().contains("pcagent_smoke_test_last_passed 1.0"), Duration.ofSeconds(30));
  }

  private static void awaitScrapes(LocalPrometheus prometheus) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (prometheus.query("count_over_time(up{job=\"pcluster-agent\"}[1m]) >= 10").at("/data/result").isEmpty()) {
      assertThat(System.nanoTime()).as("10 scrapes within 60 s").isLessThan(deadline);
      Thread.sleep(1000);
    }
  }

  /** Every target of every panel of every dashboard; returns how many were checked. */
  private static int checkDashboards(LocalPrometheus prometheus, List<String> problems) throws Exception {
    int checked = 0;
    try (Stream<Path> files = Files.list(DASHBOARDS.resolve("grafana"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            String title = panel.path("title").asText();
            String query = substitute(target.path("expr").asText());
            JsonNode answer = prometheus.query(query);
            checked++;
            if (!answer.path("status").asText().equals("success")) {
              problems.add(file.getFileName() + " '" + title + "': " + answer.path("error").asText() + " in " + query);
            } else if (answer.at("/data/result").isEmpty()) {
              problems.add(file.getFileName() + " '" + title + "': no series for " + query);
            }
          }
        }
      }
    }
    return checked;
  }

  /** Grafana's variables as the dashboards' "All" sets them, and its interval macros. */
  static String substitute(String expr) {
    return expr.replace("${cluster}", ".*").replace("$cluster", ".*").replace("$partition", ".*").replace("$__rate_interval", "1m")
        .replace("$__interval", "15s").replace("$__range", "5m");
  }

  /** Prometheus's own evaluation of every rule, and every series a rule reads; returns how many alerts there are. */
  private static int checkAlerts(LocalPrometheus prometheus, List<String> problems) throws Exception {
    Map<String, String> expressions = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    boolean evaluated = false;
    while (!evaluated && System.nanoTime() < deadline) {
      expressions.clear();
      evaluated = true;
      for (JsonNode group : prometheus.rules().at("/data/groups")) {
        for (JsonNode rule : group.path("rules")) {
          expressions.put(rule.path("name").asText(), rule.path("query").asText());
          evaluated &= !rule.path("health").asText().equals("unknown");
          if (rule.path("health").asText().equals("err")) {
            problems.add("alert " + rule.path("name").asText() + ": " + rule.path("lastError").asText());
          }
        }
      }
      Thread.sleep(evaluated ? 0 : 500);
    }
    for (Map.Entry<String, String> alert : expressions.entrySet()) {
      for (String metric : metrics(alert.getValue())) {
        if (prometheus.query(metric).at("/data/result").isEmpty()) {
          problems.add("alert " + alert.getKey() + " reads " + metric + ", which has no series");
        }
      }
    }
    return expressions.size();
  }

  /** The metric names an expression reads (its selectors without their label matchers, which may match nothing yet). */
  static Set<String> metrics(String expr) {
    Set<String> metrics = new TreeSet<>();
    Matcher matcher = METRIC.matcher(expr);
    while (matcher.find()) {
      metrics.add(matcher.group(1));
    }
    return metrics;
  }

  private static void checkDashboard4323(LocalPrometheus prometheus, List<String> problems) throws Exception {
    for (String line : Files.readAllLines(DASHBOARDS.resolve("compat").resolve("grafana-4323-queries.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (prometheus.query(line).at("/data/result").isEmpty()) {
        problems.add("dashboard 4323: no series for " + line);
      }
    }
  }
}
