package io.pcagent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandResult;
import io.pcagent.exec.CommandRunner;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The installed privilege model, for real against the sandbox: {@code pcluster-agent prepare} as the installer runs it,
 * then the agent as its own user with no capabilities and no new privileges, and the runner as root with exactly the
 * capability bounding set its unit names (both read from systemd/, started through the launcher with setpriv, as
 * systemd would start them). What systemd adds on top (the read-only file system view, the system call filter) is
 * checked by {@code systemd-analyze verify} and {@code security}: no systemd runs here as PID 1.
 */
@ExtendWith(SandboxExtension.class)
class HardenedInstallIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path UNITS = Path.of("..", "systemd");
  private static final Path LAUNCHER = Path.of("..", "postinstall", "pcluster-agent").toAbsolutePath();
  private static final Path JAR = Path.of("target", "pcluster-agent.jar").toAbsolutePath();
  private static final String AGENT_USER = "pcagent";
  private static final CommandRunner COMMANDS = new CommandRunner();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Path dir;
  private static Path config;
  private static Path runsDir;
  private static Process runner;
  private static Process agent;
  private static int port;
  private static String token;

  @BeforeAll
  static void install(SandboxCluster cluster) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "the install runs as root");
    ensureAgentUser();
    dir = Files.createTempDirectory("pcagent-hardened-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("etc"));
    Files.setPosixFilePermissions(dir.resolve("etc"), PosixFilePermissions.fromString("rwxr-x---"));
    config = dir.resolve("etc").resolve("config.yaml");
    runsDir = cluster.layout().sharedHome().resolve("hardened-" + dir.getFileName()).resolve("runs");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.writeString(config, String.join("\n",
        "slurm:",
        "  binDir: " + cluster.slurmBinDir(),
        "  conf: " + cluster.environment().get("SLURM_CONF"),
        "http:",
        "  host: 127.0.0.1",
        "  port: " + port,
        "runs:",
        "  store: " + dir.resolve("state").resolve("runs.db"),
        "  dir: " + runsDir,
        "  poll: 500ms",
        "auth:",
        "  tokenFile: " + dir.resolve("etc").resolve("token"),
        "jobs:",
        "  user: " + cluster.spec().jobUser(),
        "storage:",
        "  clusterConfig: " + dir.resolve("no-cluster-config.yaml"),
        "  cadence: 1s",
        "  mounts:",
        "    " + cluster.layout().sharedHome() + ": fuse",
        "    " + cluster.layout().sharedFsx() + ": fuse",
        "images:",
        "  dir: " + cluster.layout().sharedFsx().resolve("enroot").resolve("images"),
        "  workDir: " + dir.resolve("enroot"),
        "  environment:",
        "    ENROOT_ALLOW_HTTP: \"yes\"",
        ""));
    CommandResult prepared = prepare();
    assertThat(prepared.exitCode()).as(prepared.stderr()).isZero();
    runner = start("runner", runnerPrivileges());
    agent = start("serve", agentPrivileges());
    awaitReady();
    token = Files.readString(dir.resolve("etc").resolve("token")).strip();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process process : new Process[] {agent, runner}) {
      if (process != null) {
        process.destroy();
        process.waitFor();
      }
    }
    if (dir != null) {
      COMMANDS.run(Command.of("rm", "-rf", "--one-file-system", dir.toString()));
    }
  }

  @Test
  void theAgentHasNoPrivilegeAndTheRunnerOnlyTheCapabilitiesItsUnitNames() throws Exception {
    Map<String, String> agentStatus = status(agent);
    String agentUid = COMMANDS.run(Command.of("id", "-u", AGENT_USER)).stdout().strip();
    assertThat(agentStatus.get("Uid")).startsWith(agentUid + "\t" + agentUid + "\t");
    assertThat(agentStatus.get("CapBnd")).isEqualTo("0000000000000000");
    assertThat(agentStatus.get("CapEff")).isEqualTo("0000000000000000");
    assertThat(agentStatus.get("NoNewPrivs")).isEqualTo("1");

    Map<String, String> runnerStatus = status(runner);
    assertThat(runnerStatus.get("Uid")).startsWith("0\t0\t");
    assertThat(capabilityNames(runnerStatus.get("CapBnd"))).containsExactlyInAnyOrderElementsOf(
        unitCapabilities("pcluster-agent-runner.service").stream().map(c -> c.toLowerCase().replace("cap_", "")).toList());
  }

  @Test
  void prepareGaveTheAgentItsPlacesAndRunningItAgainChangesNothing(SandboxCluster cluster) throws Exception {
    Path dropIn = dir.resolve("units").resolve(HostPreparation.DROP_IN);
    String first = Files.readString(dropIn);
    assertThat(prepare().exitCode()).isZero();
    assertThat(Files.readString(dropIn)).isEqualTo(first);
    assertThat(first).endsWith("[Service]\n"
        + "ReadWritePaths=-" + dir.resolve("state") + "\n"
        + "ReadWritePaths=-" + cluster.layout().sharedFsx().resolve(".pcluster-agent") + "\n"
        + "ReadWritePaths=-" + cluster.layout().sharedHome().resolve(".pcluster-agent") + "\n");
    assertThat(describe(dir.resolve("etc"))).isEqualTo("root:pcagent rwxr-x---");
    assertThat(describe(config)).isEqualTo("root:pcagent rw-r-----");
    assertThat(describe(dir.resolve("etc").resolve("token"))).isEqualTo("pcagent:pcagent rw-------");
    assertThat(describe(dir.resolve("state"))).isEqualTo("pcagent:pcagent rwxrwx---");
    assertThat(describe(cluster.layout().sharedFsx().resolve(".pcluster-agent"))).isEqualTo("pcagent:pcagent rwx------");
    assertThat(Files.getAttribute(runsDir, "unix:mode")).as("setgid, group pcagent").isEqualTo(042755);
  }

  @Test
  void theStorageProbesWriteWhereTheAgentMay() throws Exception {
    JsonNode storage = await("/v1/storage", body -> body.path("mounts").size() == 2
        && body.path("mounts").findValues("state").stream().allMatch(s -> s.asText().equals("ok")));
    assertThat(storage.path("mounts").findValues("why").toString()).doesNotContain("cannot");
  }

  @Test
  void theRunStoreIsSharedAndGroupWritable() throws Exception {
    submit("#!/bin/bash\necho shared\n");
    for (String name : List.of("runs.db", "runs.db-wal", "runs.db-shm")) {
      assertThat(describe(dir.resolve("state").resolve(name))).as(name).matches("(root|pcagent):pcagent rw-rw----");
    }
  }

  @Test
  void aJobRunsAsTheJobUserAndItsOutputIsServedToTheAgentThroughItsGroupOnly(SandboxCluster cluster) throws Exception {
    JsonNode run = submit("#!/bin/bash\nid -un\necho from-the-job\n");
    long job = run.path("slurmJobId").asLong();
    await("/v1/jobs/" + job + "?fresh=true", body -> body.toString().contains("COMPLETED"));
    HttpResponse<String> output = get("/v1/jobs/" + job + "/output");
    assertThat(output.statusCode()).as(output.body()).isEqualTo(200);
    assertThat(output.body()).isEqualTo(cluster.spec().jobUser() + "\nfrom-the-job\n");
    Path file = runsDir.resolve(run.path("id").asText()).resolve("slurm-" + job + ".out");
    assertThat(describe(file)).isEqualTo(cluster.spec().jobUser() + ":pcagent rw-r-----");
    assertThat(describe(file.getParent())).isEqualTo(cluster.spec().jobUser() + ":pcagent rwxr-x---");
  }

  @Test
  void aCancelOverTheApiIsCarriedOutByTheRunner() throws Exception {
    long job = submit("#!/bin/bash\nsleep 300\n").path("slurmJobId").asLong();
    HttpResponse<String> cancelled = send("DELETE", "/v1/jobs/" + job);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
    await("/v1/jobs/" + job + "?fresh=true", body -> body.toString().contains("CANCELLED"));
  }

  @Test
  void anImportRunsAsTheJobUserWithinTheRunnersCapabilitiesAndTheAgentReadsTheImage(SandboxCluster cluster) throws Exception {
    String source = cluster.sandbox().status(cluster.spec().dir()).containerImage()
        .orElseThrow(() -> new AssertionError("the sandbox has no local registry"));
    String name = "hardened-" + System.nanoTime();
    HttpResponse<String> accepted = HTTP.send(request("/v1/images").POST(HttpRequest.BodyPublishers.ofString(
        "{\"source\":\"" + source + "\",\"name\":\"" + name + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    JsonNode image = await("/v1/images/" + name, body -> !body.path("state").asText().equals("importing"));
    assertThat(image.path("state").asText()).as("%s; runner log: %s", image, log("runner")).isEqualTo("available");
    assertThat(image.path("inodes").asLong()).as("the agent read the squashfs superblock").isGreaterThan(2);
    Path file = Path.of(image.path("path").asText());
    assertThat(describe(file)).startsWith(cluster.spec().jobUser() + ":");

    HttpResponse<String> deleted = HTTP.send(request("/v1/images/" + name).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).as("the runner deletes what the agent may not: %s; runner log: %s", deleted.body(),
        log("runner")).isEqualTo(204);
    assertThat(file).doesNotExist();
    assertThat(HTTP.send(request("/v1/images/" + name).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void outputTheAgentMayNotReadIsA403ThatSaysSo(SandboxCluster cluster) throws Exception {
    String user = cluster.spec().jobUser();
    Path privateDir = runsDir.resolveSibling("private-" + System.nanoTime());
    COMMANDS.run(Command.of("install", "-d", "-o", user, "-m", "0700", privateDir.toString()));
    CommandResult submitted = COMMANDS.run(Command.of("runuser", "-u", user, "--", cluster.slurmBinDir().resolve("sbatch").toString(),
        "--parsable", "--output=" + privateDir.resolve("out"), "--chdir=" + privateDir, "--wrap=echo private")
        .withEnvironment(cluster.environment()));
    long job = Long.parseLong(submitted.stdout().strip().split(";")[0]);
    await("/v1/jobs/" + job + "?fresh=true", body -> body.toString().contains("COMPLETED"));

    HttpResponse<String> output = get("/v1/jobs/" + job + "/output");
    assertThat(output.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(output.body()).path("detail").asText()).isEqualTo("the agent (user pcagent) may not read "
        + privateDir.resolve("out") + ", the output of job " + job + ": it serves the output of jobs submitted through it, and of"
        + " others only where their files are readable by it");
  }

  private static void ensureAgentUser() throws Exception {
    if (COMMANDS.runAllowingFailure(Command.of("getent", "passwd", AGENT_USER)).exitCode() == 0) {
      return;
    }
    if (COMMANDS.runAllowingFailure(Command.of("getent", "group", AGENT_USER)).exitCode() != 0) {
      COMMANDS.run(Command.of("groupadd", "--system", AGENT_USER));
    }
    COMMANDS.run(Command.of("useradd", "--system", "--gid", AGENT_USER, "--no-create-home", "--home-dir", "/nonexistent",
        "--shell", "/usr/sbin/nologin", AGENT_USER));
  }

  private static CommandResult prepare() throws Exception {
    return COMMANDS.run(Command.of(LAUNCHER.toString(), "prepare", "--config", config.toString(), "--user", AGENT_USER,
        "--unit-dir", dir.resolve("units").toString()).withEnvironment(Map.of("PCAGENT_JAR", JAR.toString())));
  }

  /** As User=pcagent, NoNewPrivileges=yes and an empty CapabilityBoundingSet start it. */
  private static List<String> agentPrivileges() throws IOException {
    assertThat(unitCapabilities("pcluster-agent.service")).isEmpty();
    assertThat(Files.readString(UNITS.resolve("pcluster-agent.service"))).contains("\nUser=pcagent\n", "\nNoNewPrivileges=yes\n");
    return List.of("--reuid=" + AGENT_USER, "--regid=" + AGENT_USER, "--init-groups", "--no-new-privs", "--inh-caps=-all",
        "--bounding-set=-all");
  }

  /** As root with Group=pcagent and the unit's CapabilityBoundingSet. */
  private static List<String> runnerPrivileges() throws IOException {
    assertThat(Files.readString(UNITS.resolve("pcluster-agent-runner.service"))).contains("\nGroup=pcagent\n").doesNotContain("\nUser=");
    StringBuilder bounding = new StringBuilder("-all");
    for (String capability : unitCapabilities("pcluster-agent-runner.service")) {
      bounding.append(",+").append(capability.toLowerCase().replace("cap_", ""));
    }
    return List.of("--regid=" + AGENT_USER, "--clear-groups", "--inh-caps=-all", "--bounding-set=" + bounding);
  }

  private static List<String> unitCapabilities(String unit) throws IOException {
    String line = Files.readAllLines(UNITS.resolve(unit)).stream().filter(l -> l.startsWith("CapabilityBoundingSet="))
        .findFirst().orElseThrow();
    String value = line.substring(line.indexOf('=') + 1).strip();
    return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
  }

  private static Process start(String command, List<String> privileges) throws IOException {
    List<String> argv = new ArrayList<>(List.of("setpriv"));
    argv.addAll(privileges);
    argv.addAll(List.of("--", LAUNCHER.toString(), command, "--config", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
        .redirectOutput(dir.resolve(command + ".log").toFile());
    builder.environment().put("PCAGENT_JAR", JAR.toString());
    return builder.start();
  }

  private static void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(agent.isAlive()).as("the agent exited: %s", log("serve")).isTrue();
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the agent was not ready within 60 s: " + log("serve"));
  }

  private static String log(String command) throws IOException {
    return Files.readString(dir.resolve(command + ".log"));
  }

  private static Map<String, String> status(Process process) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
        .filter(line -> line.contains(":"))
        .collect(java.util.stream.Collectors.toMap(l -> l.substring(0, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).strip(),
            (a, b) -> a));
  }

  private static List<String> capabilityNames(String hex) throws Exception {
    String decoded = COMMANDS.run(Command.of("capsh", "--decode=" + hex)).stdout().strip();
    return List.of(decoded.substring(decoded.indexOf('=') + 1).replace("cap_", "").split(","));
  }

  private static String describe(Path path) throws IOException {
    PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
    return attributes.owner().getName() + ":" + attributes.group().getName() + " "
        + PosixFilePermissions.toString(attributes.permissions());
  }

  private static JsonNode submit(String script) throws Exception {
    String body = "{\"script\":" + JSON.writeValueAsString(script) + ",\"name\":\"hardened\",\"nodes\":1,\"timeLimit\":\"5:00\"}";
    HttpResponse<String> accepted = HTTP.send(request("/v1/jobs").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode run = JSON.readTree(accepted.body());
    assertThat(run.path("slurmJobId").isNumber()).as("the runner submitted it: %s; runner log: %s", run, log("runner")).isTrue();
    return run;
  }

  private static JsonNode await(String path, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    JsonNode last = JSON.readTree(get(path).body());
    while (!condition.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " did not get there within 180 s: " + last + "\nrunner log: " + log("runner"));
      }
      Thread.sleep(500);
      last = JSON.readTree(get(path).body());
    }
    return last;
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + Optional.ofNullable(token).orElse(""));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return HTTP.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
