package io.pcagent.config;

import io.pcagent.collect.CollectConfig;
import io.pcagent.error.ExitCode;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.yaml.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentConfigLoaderTest {

  @Test
  void emptyConfigurationGivesTheDocumentedDefaults() {
    AgentConfig config = AgentConfigLoader.fromYaml("");

    assertThat(config.slurm().binDir()).isEqualTo(Path.of("/opt/slurm/bin"));
    assertThat(config.slurm().conf()).isEmpty();
    assertThat(config.slurm().commandTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.slurm().outputLimitBytes()).isEqualTo(64 * 1024 * 1024);
    assertThat(config.http()).isEqualTo(HttpConfig.plain("0.0.0.0", 9810));
  }

  @Test
  void readsEveryKey() {
    AgentConfig config = AgentConfigLoader.fromYaml("""
        slurm:
          binDir: /opt/slurm/bin
          conf: /opt/slurm/etc/slurm.conf
          commandTimeout: 45s
          outputLimitBytes: 1048576
        http:
          host: 127.0.0.1
          port: 9811
        """);

    assertThat(config.slurm()).isEqualTo(new SlurmSettings(
        Path.of("/opt/slurm/bin"), Optional.of(Path.of("/opt/slurm/etc/slurm.conf")),
        Duration.ofSeconds(45), 1048576));
    assertThat(config.http()).isEqualTo(HttpConfig.plain("127.0.0.1", 9811));
  }

  @Test
  void collectorCadencesAndExpectedNodes() {
    AgentConfig config = AgentConfigLoader.fromYaml("""
        collect:
          nodes: 10s
          jobs: 20s
          partitions: 2m
          scheduler: 1m
          minInterval: 500ms
        health:
          expectedNodes: 16
        """);

    assertThat(config.collect()).isEqualTo(new CollectConfig(Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMillis(500)));
    assertThat(config.health().expectedNodes()).hasValue(16);
    assertThat(AgentConfigLoader.fromYaml("").collect()).isEqualTo(CollectConfig.DEFAULTS);
    assertThat(AgentConfigLoader.fromYaml("").health().expectedNodes()).isEmpty();
  }

  @Test
  void tlsNeedsBothCertificateAndKey() {
    assertThatThrownBy(() -> AgentConfigLoader.fromYaml("http:\n  tlsCert: /etc/pcagent/cert.pem\n"))
        .hasMessage("http.tlsKey: required when http.tlsCert is set");
    assertThat(AgentConfigLoader.fromYaml("http:\n  tlsCert: /c.pem\n  tlsKey: /k.pem\n").http().tlsKey())
        .contains(Path.of("/k.pem"));
  }

  @Test
  void unknownKeysAreRejectedWithTheirPath() {
    assertThatThrownBy(() -> AgentConfigLoader.fromYaml("""
        slurm:
          bindir: /opt/slurm/bin
        metrics: {}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessage("slurm.bindir: Unknown property\nmetrics: Unknown property");
  }

  @Test
  void badValuesNameTheirPathAndAllAreReportedTogether() {
    assertThatThrownBy(() -> AgentConfigLoader.fromYaml("""
        slurm:
          commandTimeout: 10
          outputLimitBytes: lots
          binDir: opt/slurm/bin
        http:
          host: ""
          port: 70000
        collect:
          nodes: 0s
        health:
          expectedNodes: 0
        """))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
          assertThat(e.problems()).containsExactly(
              "slurm.binDir: must be an absolute path, got 'opt/slurm/bin'",
              "slurm.commandTimeout: expected a duration such as 500ms, 15s, 2m or 1h, got '10'",
              "slurm.outputLimitBytes: expected an integer, got 'lots'",
              "http.host: must not be empty",
              "http.port: must be between 1 and 65535, got 70000",
              "collect.nodes: must be at least 1s, got 0s",
              "health.expectedNodes: must be between 1 and 100000, got 0");
        });
  }

  @Test
  void structureMismatchesAreReported() {
    assertThatThrownBy(() -> AgentConfigLoader.fromYaml("""
        slurm: /opt/slurm
        http:
          port: [9810]
        """))
        .hasMessage("slurm: expected a mapping, got '/opt/slurm'\nhttp.port: expected a single value, got a list");
  }

  @Test
  void tooShortATimeoutIsRejected() {
    assertThatThrownBy(() -> AgentConfigLoader.fromYaml("slurm:\n  commandTimeout: 500ms\n"))
        .hasMessage("slurm.commandTimeout: must be at least 1s, got 500ms");
  }

  @Test
  void invalidYamlNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "http:\n  port: 9810\n   host: x\n");

    assertThatThrownBy(() -> AgentConfigLoader.load(Optional.of(file), Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": line 3, column 8: not valid YAML: ");
  }

  @Test
  void aMissingFileIsAClearError(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> AgentConfigLoader.load(Optional.of(file), Map.of(), List.of()))
        .hasMessage(file + ": no such file");
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "http:\n  port: 9811\n  host: 10.0.0.1\nslurm:\n  binDir: /usr/bin\n");

    AgentConfig config = AgentConfigLoader.load(
        Optional.of(file),
        Map.of("PCAGENT_HTTP_PORT", "9812", "PCAGENT_SLURM_BINDIR", "/opt/slurm/bin", "PCAGENT_CONFIG", "ignored",
            "HOME", "/root"),
        List.of("http.port=9813"));

    assertThat(config.http()).isEqualTo(HttpConfig.plain("10.0.0.1", 9813));
    assertThat(config.slurm().binDir()).isEqualTo(Path.of("/opt/slurm/bin"));
  }

  @Test
  void overridesThatMatchNoPropertyAreRejected() {
    assertThatThrownBy(() -> AgentConfigLoader.load(
        Optional.empty(), Map.of("PCAGENT_HTTP_PROT", "1"), List.of("slurm.timeout=5s", "http.port")))
        .hasMessage("http.port: expected key=value\nPCAGENT_HTTP_PROT: Unknown property\nslurm.timeout: Unknown property");
  }

  @Test
  void theVariablesOfTheLauncherAndTheUnitsAreNotProperties() {
    AgentConfig config = AgentConfigLoader.load(Optional.empty(), Map.of("PCAGENT_ARGS", "--set http.host=127.0.0.1",
        "PCAGENT_JAR", "/opt/pcluster-agent/current/pcluster-agent.jar", "PCAGENT_HEAP", "768m", "PCAGENT_JAVA_OPTS", "-Xlog:gc",
        "PCAGENT_HTTP_PORT", "9811"), List.of());

    assertThat(config.http().port()).isEqualTo(9811);
  }

  @Test
  void overrideValuesAreValidatedLikeYamlValues() {
    assertThatThrownBy(() -> AgentConfigLoader.load(Optional.empty(), Map.of("PCAGENT_HTTP_PORT", "0"), List.of()))
        .hasMessage("http.port: must be between 1 and 65535, got 0");
  }

  @Test
  void theConfigurationTheHeadNodesInstallerWritesLoads() throws Exception {
    String installed = Files.readString(Path.of("..", "postinstall", "agent.yaml"))
        + "jobs:\n  user: pcagent-jobs\nhealth:\n  expectedNodes: 16\n";

    AgentConfig config = AgentConfigLoader.fromYaml(installed);

    assertThat(config.slurm().binDir()).isEqualTo(Path.of("/opt/slurm/bin"));
    assertThat(config.health().expectedNodes()).hasValue(16);
    assertThat(config.jobs().user()).isEqualTo("pcagent-jobs");
    assertThat(config.runs().dir()).isEqualTo(Path.of("/home/pcluster-agent/runs"));
  }

  @Test
  void storageDefaultsToParallelClustersMountsAndTakesItsOwn() {
    assertThat(AgentConfigLoader.fromYaml("{}").storage().mounts())
        .containsExactlyInAnyOrderEntriesOf(Map.of(Path.of("/fsx"), "lustre", Path.of("/home"), "nfs4"));

    AgentConfig config = AgentConfigLoader.fromYaml("""
        storage:
          mounts:
            /fsx: lustre
            /scratch: ""
          probeTimeout: 5s
          cadence: 1m
          warnPercent: 70
          failPercent: 80
        """);

    assertThat(config.storage().mounts()).containsExactlyInAnyOrderEntriesOf(Map.of(Path.of("/fsx"), "lustre", Path.of("/scratch"), ""));
    assertThat(config.storage().probeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.storage().cadence()).isEqualTo(Duration.ofMinutes(1));
    assertThat(AgentConfigLoader.fromYaml("storage:\n  mounts: {}\n").storage().mounts()).as("none watched").isEmpty();
  }

  @Test
  void badStorageSettingsNameTheirPath() {
    assertThatThrownBy(() -> AgentConfigLoader.fromYaml("""
        storage:
          mounts:
            fsx: lustre
            /home: NFS 4
            /x: {type: lustre}
          warnPercent: 96
          colour: blue
        """))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "storage.mounts./x: expected a single value, got a mapping",
            "storage.mounts.fsx: a mount point must be an absolute path",
            "storage.mounts./home: expected a file system type such as lustre or nfs4 (empty: any), got 'NFS 4'",
            "storage.warnPercent: must not be above failPercent (95), got 96",
            "storage.colour: Unknown property"));
  }

  @Test
  void fsxFileSystemsRegionAndEndpoint() {
    AgentConfig config = AgentConfigLoader.fromYaml("""
        fsx:
          fileSystemIds: fs-0123456789abcdef0, fs-0fedcba9876543210
          region: ap-northeast-1
          endpoint: https://fsx.ap-northeast-1.amazonaws.com
          cadence: 10m
        """);

    assertThat(config.fsx().fileSystemIds()).containsExactly("fs-0123456789abcdef0", "fs-0fedcba9876543210");
    assertThat(config.fsx().region()).contains("ap-northeast-1");
    assertThat(config.fsx().endpoint()).contains(URI.create("https://fsx.ap-northeast-1.amazonaws.com"));
    assertThat(config.fsx().cadence()).isEqualTo(Duration.ofMinutes(10));
    assertThat(AgentConfigLoader.fromYaml("{}").fsx().fileSystemIds()).as("by default, ParallelCluster's only").isEmpty();
    assertThatThrownBy(() -> AgentConfigLoader.fromYaml("fsx:\n  fileSystemIds: fsx-1\n  region: Tokyo\n  endpoint: fsx.local\n"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "fsx.fileSystemIds: expected FSx file system ids such as fs-0123456789abcdef0, comma-separated, got 'fsx-1'",
            "fsx.region: expected an AWS region such as ap-northeast-1, got 'Tokyo'",
            "fsx.endpoint: expected an http:// or https:// URL, got 'fsx.local'"));
  }
}
