package io.pcagent.bootstrap.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real installer on a head node where systemd is PID 1 (containers/headnode): the bundle `stage` builds, a
 * stand-in cfnconfig and cluster-config.yaml as ParallelCluster writes them, both units started as installed, then
 * what an operator's first day reads through them. Skipped, with the reason, only where no container engine answers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeadNodeSystemdIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path BASE = Path.of("target", "it-headnode").toAbsolutePath();
  private static final String BUNDLE_KEY = "stage-bucket/pcluster-agent/it/" + AgentBundle.ARCHIVE;
  private static final String CLUSTER_CONFIG = """
      Region: ap-northeast-1
      Scheduling:
        Scheduler: slurm
        SlurmQueues:
          - Name: compute-gpu
            ComputeResources:
              - Name: distributed-ml
                InstanceType: c5n.9xlarge
                MinCount: 2
                MaxCount: 2
      SharedStorage:
        - Name: fsx
          MountDir: /fsx
          StorageType: Ebs
        - Name: home
          MountDir: /home
          StorageType: Ebs
      """;
  private static HeadNodeContainer node;
  private static String sha256;

  @BeforeAll
  static void install() throws Exception {
    Optional<String> unavailable = HeadNodeContainer.unavailable();
    assumeTrue(unavailable.isEmpty(), () -> "no head node container: " + unavailable.orElseThrow());
    HeadNodeContainer.build(Path.of("..", "containers").toAbsolutePath().normalize());
    for (String dir : new String[] {"fsx", "home", "stage/stage-bucket/pcluster-agent/it"}) {
      Files.createDirectories(BASE.resolve(dir));
    }
    AgentBundle bundle = AgentBundle.build(Path.of("..", "agent", "target", "pcluster-agent.jar"), "it");
    Files.write(BASE.resolve("stage").resolve(BUNDLE_KEY), bundle.archive());
    Files.write(BASE.resolve("stage").resolve(AgentBundle.POSTINSTALL), AgentBundle.resource(AgentBundle.POSTINSTALL));
    sha256 = bundle.sha256();
    node = HeadNodeContainer.start(Map.of(BASE.resolve("fsx"), "/fsx", BASE.resolve("home"), "/home",
        BASE.resolve("stage"), "/stage:ro"));
    node.write("/etc/parallelcluster/cfnconfig",
        "stack_name=it-cluster\ncfn_region=ap-northeast-1\ncfn_node_type=HeadNode\ncfn_cluster_user=ubuntu\n");
    node.write("/opt/parallelcluster/shared/cluster-config.yaml", CLUSTER_CONFIG);

    String installed = node.ok("bash /stage/" + AgentBundle.POSTINSTALL + " s3://" + BUNDLE_KEY + " " + sha256 + " 2>&1");
    assertThat(installed).contains("pcluster-agent-postinstall: pcluster-agent it installed and ready (port 9810");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private static JsonNode get(String path) throws Exception {
    return JSON.readTree(node.ok("curl -sS --max-time 10 http://127.0.0.1:9810" + path));
  }

  @Test
  @Order(1)
  void bothUnitsRunAsInstalledAndTheAgentIsReady() throws Exception {
    assertThat(node.ok("systemctl is-active pcluster-agent.service pcluster-agent-runner.service")).isEqualTo("active\nactive\n");
    assertThat(node.ok("curl -sS -o /dev/null -w '%{http_code}' http://127.0.0.1:9810/readyz")).isEqualTo("200");
    assertThat(node.ok("ps -o user= -p \"$(systemctl show -p MainPID --value pcluster-agent.service)\"").strip()).isEqualTo("pcagent");
  }

  /** The unit's read-only view took effect (the emulation is real), and the agent still reads every mount as healthy. */
  @Test
  @Order(2)
  void underProtectSystemStrictEveryMountIsAReadOnlyViewAndReadsOk() throws Exception {
    String pid = node.ok("systemctl show -p MainPID --value pcluster-agent.service").strip();
    String fsx = node.ok("grep ' /fsx ' /proc/" + pid + "/mountinfo");
    assertThat(fsx.split(" ")[5]).as("per-mount options in the unit: %s", fsx).startsWith("ro,");
    assertThat(fsx.substring(fsx.indexOf(" - ")).split(" ")[4]).as("the file system's own options").startsWith("rw,");
    assertThat(node.sh("nsenter -t " + pid + " -m -S \"$(id -u pcagent)\" -G \"$(id -g pcagent)\" touch /fsx/written-by-agent")
        .stderr()).as("the agent cannot write /fsx itself").contains("Read-only file system");

    for (JsonNode mount : get("/v1/storage").path("mounts")) {
      assertThat(mount.path("state").asText()).as("%s", mount).isEqualTo("ok");
    }
    assertThat(get("/v1/storage").path("mounts").findValuesAsText("mountPoint")).containsExactlyInAnyOrder("/fsx", "/home");
  }

  @Test
  @Order(3)
  void theStaticNodesOfClusterConfigAreExpectedAndASmokeTestThroughTheRunnerPasses() throws Exception {
    assertThat(get("/v1/health").path("checks").toString()).contains("\"detail\":\"2 nodes, 2 expected\"");
    String run = node.ok("curl -sS -X POST -H \"Authorization: Bearer $(cat /etc/pcluster-agent/token)\" -d '{}' "
        + "http://127.0.0.1:9810/v1/smoke-tests");
    String id = JSON.readTree(run).path("id").asText();
    node.await("smoke test " + id, "curl -sS http://127.0.0.1:9810/v1/smoke-tests/" + id
        + " | jq -e '.state == \"succeeded\" or .state == \"failed\"'", Duration.ofSeconds(120));

    JsonNode done = get("/v1/smoke-tests/" + id);
    assertThat(done.path("result").path("verdict").asText()).as("%s", done).isEqualTo("pass");
  }

  /** The images folder is the job user's: the agent cannot delete from it, the runner does. */
  @Test
  @Order(4)
  void anImageIsDeletedThroughTheRunner() throws Exception {
    node.ok("install -d -o pcagent-jobs -g pcagent-jobs /fsx/enroot/images && mkdir -p /tmp/tiny/etc "
        + "&& runuser -u pcagent-jobs -- mksquashfs /tmp/tiny /fsx/enroot/images/tiny.sqsh -quiet -no-progress");
    String delete = "curl -sS -o /dev/null -w '%{http_code}' -X DELETE -H \"Authorization: Bearer $(cat /etc/pcluster-agent/token)\" "
        + "http://127.0.0.1:9810/v1/images/tiny";

    assertThat(node.ok(delete)).isEqualTo("204");
    assertThat(node.sh("test -e /fsx/enroot/images/tiny.sqsh").succeeded()).isFalse();
    assertThat(node.ok(delete)).isEqualTo("404");
  }

  /** systemd's own reading of the installed units: the agent's is well confined, the runner as far as root can be. */
  @Test
  @Order(5)
  void systemdAnalyzeSecurityRatesTheInstalledUnits() throws Exception {
    assertThat(exposure("pcluster-agent.service")).isLessThanOrEqualTo(2.0);
    assertThat(exposure("pcluster-agent-runner.service")).isLessThanOrEqualTo(6.0);
  }

  /**
   * An update: ParallelCluster rewrites cluster-config.yaml, then runs OnNodeUpdated, which is the same installer; the
   * restarted agent expects the new static node count (nothing in the action's arguments counts nodes).
   */
  @Test
  @Order(6)
  void anUpdateRestartsTheAgentOnTheNewClusterConfig() throws Exception {
    node.write("/opt/parallelcluster/shared/cluster-config.yaml", CLUSTER_CONFIG.replace("MinCount: 2", "MinCount: 3"));

    node.ok("bash /stage/" + AgentBundle.POSTINSTALL + " s3://" + BUNDLE_KEY + " " + sha256);

    assertThat(get("/v1/health").path("checks").toString()).contains("\"detail\":\"2 nodes known to Slurm, 3 expected\"");
  }

  private static double exposure(String unit) throws Exception {
    String report = node.ok("systemd-analyze security --no-pager " + unit);
    Matcher level = Pattern.compile("Overall exposure level for " + Pattern.quote(unit) + ": ([0-9.]+)").matcher(report);
    assertThat(level.find()).as(report).isTrue();
    return Double.parseDouble(level.group(1));
  }
}
