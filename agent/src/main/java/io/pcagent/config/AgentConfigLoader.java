package io.pcagent.config;

import io.pcagent.collect.CollectConfig;
import io.pcagent.slurm.SlurmSettings;
import io.pcagent.yaml.ConfigNode;
import io.pcagent.yaml.ConfigOverrides;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link AgentConfig} from an optional YAML file, then {@code PCAGENT_*} environment variables, then
 * {@code --set key=value} flags. Every problem is reported at once, each with its YAML path.
 */
public final class AgentConfigLoader {
  public static final String ENV_PREFIX = "PCAGENT_";
  /** Names the config file itself, so it is not a property. */
  public static final String CONFIG_FILE_ENV = "PCAGENT_CONFIG";
  /**
   * Not properties either: the launcher's (bin/pcluster-agent) and the units' own variables. systemd sets PCAGENT_ARGS
   * from agent.env for every process of the unit.
   */
  public static final List<String> NOT_PROPERTIES = List.of(CONFIG_FILE_ENV, "PCAGENT_ARGS", "PCAGENT_JAR", "PCAGENT_HEAP",
      "PCAGENT_JAVA_OPTS");

  private AgentConfigLoader() {}

  public static AgentConfig load(Optional<Path> file, Map<String, String> environment, List<String> flags) {
    ConfigOverrides source = file.map(ConfigOverrides::fromFile).orElseGet(ConfigOverrides::empty)
        .withEnvironment(environment, ENV_PREFIX, NOT_PROPERTIES)
        .withFlags(flags);
    return read(source);
  }

  public static AgentConfig fromYaml(String yaml) {
    return read(ConfigOverrides.fromYaml(yaml, "<yaml>"));
  }

  private static AgentConfig read(ConfigOverrides source) {
    AgentConfig config = bind(source.root());
    source.finish();
    return config;
  }

  private static AgentConfig bind(ConfigNode root) {
    AgentConfig config = new AgentConfig(
        slurm(root.child("slurm")), http(root.child("http")), collect(root.child("collect")), health(root.child("health")),
        runs(root.child("runs")), auth(root.child("auth")), jobs(root.child("jobs")), storage(root.child("storage")),
        fsx(root.child("fsx")), images(root.child("images")));
    root.done();
    return config;
  }

  private static FsxConfig fsx(ConfigNode node) {
    List<String> ids = new ArrayList<>();
    for (String id : node.optionalString("fileSystemIds").orElse("").split(",")) {
      if (id.isBlank()) {
        continue;
      }
      if (!id.strip().matches("fs-[0-9a-f]{8,17}")) {
        node.problem("fileSystemIds", "expected FSx file system ids such as fs-0123456789abcdef0, comma-separated, got '" + id.strip() + "'");
      } else {
        ids.add(id.strip());
      }
    }
    Optional<String> region = node.optionalString("region");
    region.filter(r -> !r.matches("[a-z]{2}(-gov)?-[a-z]+-\\d")).ifPresent(r ->
        node.problem("region", "expected an AWS region such as ap-northeast-1, got '" + r + "'"));
    Optional<URI> endpoint = node.optionalString("endpoint").map(text -> {
      if (!text.matches("https?://\\S+")) {
        node.problem("endpoint", "expected an http:// or https:// URL, got '" + text + "'");
        return null;
      }
      return URI.create(text);
    });
    Duration cadence = node.duration("cadence", Duration.ofMinutes(5), Duration.ofSeconds(1));
    node.done();
    return new FsxConfig(ids, region, endpoint, cadence);
  }

  private static ImagesConfig images(ConfigNode node) {
    ImagesConfig defaults = ImagesConfig.DEFAULTS;
    Path dir = absolute(node, "dir", defaults.dir());
    Path workDir = absolute(node, "workDir", defaults.workDir());
    String enroot = node.string("enroot", defaults.enroot());
    int concurrent = node.integer("concurrentImports", defaults.concurrentImports(), 1, 16);
    Duration timeout = node.duration("importTimeout", defaults.importTimeout(), Duration.ofSeconds(10));
    Map<String, String> environment = node.stringMap("environment").orElse(Map.of());
    environment.keySet().stream().filter(key -> !key.matches("[A-Za-z_][A-Za-z0-9_]*")).forEach(key ->
        node.problem("environment." + key, "is not an environment variable name"));
    node.done();
    return new ImagesConfig(dir, workDir, enroot, concurrent, timeout, environment);
  }

  private static Path absolute(ConfigNode node, String key, Path fallback) {
    Path path = node.path(key, fallback);
    if (!path.isAbsolute()) {
      node.problem(key, "must be an absolute path, got '" + path + "'");
    }
    return path.normalize();
  }

  private static StorageConfig storage(ConfigNode node) {
    Map<Path, String> mounts = new LinkedHashMap<>();
    Map<String, String> given = node.stringMap("mounts").orElse(null);
    if (given == null) {
      mounts.putAll(StorageConfig.DEFAULT_MOUNTS);
    } else {
      given.forEach((mountPoint, type) -> {
        if (!mountPoint.startsWith("/")) {
          node.problem("mounts." + mountPoint, "a mount point must be an absolute path");
        } else if (!type.matches("[a-z0-9_.]*")) {
          node.problem("mounts." + mountPoint, "expected a file system type such as lustre or nfs4 (empty: any), got '" + type + "'");
        } else {
          mounts.put(Path.of(mountPoint).normalize(), type);
        }
      });
    }
    Optional<Path> clusterConfig = Optional.of(node.path("clusterConfig", StorageConfig.PARALLELCLUSTER_CONFIG));
    Duration cadence = node.duration("cadence", Duration.ofSeconds(30), Duration.ofSeconds(1));
    Duration probeTimeout = node.duration("probeTimeout", Duration.ofSeconds(10), Duration.ofMillis(100));
    int warn = node.integer("warnPercent", 85, 1, 100);
    int fail = node.integer("failPercent", 95, 1, 100);
    if (warn > fail) {
      node.problem("warnPercent", "must not be above failPercent (" + fail + "), got " + warn);
    }
    node.done();
    return new StorageConfig(mounts, clusterConfig, cadence, probeTimeout, warn, fail);
  }

  private static SlurmSettings slurm(ConfigNode node) {
    Path binDir = absolute(node, "binDir", SlurmSettings.DEFAULT_BIN_DIR);
    Optional<Path> conf = node.optionalString("conf").map(Path::of);
    Duration timeout = node.duration("commandTimeout", Duration.ofSeconds(30), Duration.ofSeconds(1));
    int outputLimit = node.integer("outputLimitBytes", 64 * 1024 * 1024, 4096, Integer.MAX_VALUE);
    node.done();
    return new SlurmSettings(binDir, conf, timeout, outputLimit);
  }

  private static HttpConfig http(ConfigNode node) {
    String host = node.string("host", "0.0.0.0");
    int port = node.integer("port", HttpConfig.DEFAULT_PORT, 1, 65535);
    Optional<Path> cert = node.optionalString("tlsCert").map(Path::of);
    Optional<Path> key = node.optionalString("tlsKey").map(Path::of);
    if (cert.isPresent() != key.isPresent()) {
      node.problem(cert.isPresent() ? "tlsKey" : "tlsCert", "required when "
          + (cert.isPresent() ? "http.tlsCert" : "http.tlsKey") + " is set");
    }
    Duration maxBlock = node.duration("maxEventLoopBlock", HttpConfig.DEFAULT_MAX_EVENT_LOOP_BLOCK, Duration.ofMillis(10));
    node.done();
    return new HttpConfig(host, port, cert, key, maxBlock);
  }

  private static CollectConfig collect(ConfigNode node) {
    CollectConfig defaults = CollectConfig.DEFAULTS;
    Duration min = Duration.ofSeconds(1);
    CollectConfig config = new CollectConfig(
        node.duration("nodes", defaults.nodes(), min),
        node.duration("jobs", defaults.jobs(), min),
        node.duration("partitions", defaults.partitions(), min),
        node.duration("scheduler", defaults.scheduler(), min),
        node.duration("minInterval", defaults.minInterval(), Duration.ofMillis(100)));
    node.done();
    return config;
  }

  private static RunsConfig runs(ConfigNode node) {
    RunsConfig defaults = RunsConfig.DEFAULTS;
    RunsConfig config = new RunsConfig(
        node.path("store", defaults.store()),
        node.path("dir", defaults.dir()),
        node.duration("poll", defaults.poll(), Duration.ofMillis(100)));
    node.done();
    return config;
  }

  private static AuthConfig auth(ConfigNode node) {
    AuthConfig config = new AuthConfig(node.path("tokenFile", AuthConfig.DEFAULTS.tokenFile()),
        node.bool("protectReads", AuthConfig.DEFAULTS.protectReads()));
    node.done();
    return config;
  }

  private static JobsConfig jobs(ConfigNode node) {
    String user = node.string("user", JobsConfig.DEFAULTS.user());
    if (user.equals("root") || !user.matches("[a-z_][a-z0-9_-]{0,31}")) {
      node.problem("user", "must be an unprivileged user name, got '" + user + "'");
    }
    JobsConfig config = new JobsConfig(user, node.integer("maxScriptBytes", JobsConfig.DEFAULTS.maxScriptBytes(), 16, 64 * 1024 * 1024),
        node.bool("cancelAnyJob", JobsConfig.DEFAULTS.cancelAnyJob()));
    node.done();
    return config;
  }

  private static HealthConfig health(ConfigNode node) {
    HealthConfig config = new HealthConfig(node.optionalInteger("expectedNodes", 1, 100_000));
    node.done();
    return config;
  }
}
