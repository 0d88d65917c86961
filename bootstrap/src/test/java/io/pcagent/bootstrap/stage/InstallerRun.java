package io.pcagent.bootstrap.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.text.ClasspathText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The head node's installer run for real by bash on a real bundle, under PCAGENT_ROOT, with stand-ins for what cannot
 * run here (the AWS CLI, systemctl, useradd, groupadd, getent, curl, journalctl, the JVM, java's version, dnf,
 * apt-get, iptables and its save commands; see their headers): what PostinstallTest and PostinstallOnParallelClusterTest
 * share.
 */
final class InstallerRun {
  final Path dir;
  final Path root;
  final Path calls;
  final AgentBundle bundle;
  private final Path bin;
  private final Path script;

  record Result(int exitCode, String output) {}

  record Streams(int exitCode, String stdout, String stderr) {}

  InstallerRun(Path dir) throws Exception {
    this.dir = dir;
    bin = Files.createDirectories(dir.resolve("bin"));
    for (String standIn : List.of("aws", "systemctl", "useradd", "groupadd", "getent", "curl", "journalctl", "pcluster-agent-java",
        "java", "dnf", "apt-get", "iptables", "iptables-save", "ip6tables-save")) {
      standIn(bin, standIn);
    }
    script = Files.write(dir.resolve(AgentBundle.POSTINSTALL), AgentBundle.resource(AgentBundle.POSTINSTALL));
    root = Files.createDirectories(dir.resolve("root"));
    calls = dir.resolve("calls");
    Path jar = Files.write(dir.resolve("pcluster-agent.jar"), new byte[] {'P', 'K', 3, 4, 42});
    bundle = AgentBundle.build(jar, "0.1.0");
    Path s3 = Files.createDirectories(dir.resolve("s3/data-bucket/pcluster-agent/0.1.0"));
    Files.write(s3.resolve(AgentBundle.ARCHIVE), bundle.archive());
  }

  static Path standIn(Path folder, String name) throws Exception {
    Path file = folder.resolve(name);
    Files.writeString(file, ClasspathText.read(PostinstallTest.class, "PostinstallTest/" + name));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  String uri() {
    return "s3://data-bucket/pcluster-agent/0.1.0/" + AgentBundle.ARCHIVE;
  }

  Result install(String... args) throws Exception {
    return install(Map.of(), args);
  }

  Result install(Map<String, String> extraEnvironment, String... args) throws Exception {
    ProcessBuilder builder = installer(extraEnvironment, args).redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  /** stdout and stderr apart: ParallelCluster's failure event shows stderr. */
  Streams installApart(Map<String, String> extraEnvironment, String... args) throws Exception {
    ProcessBuilder builder = installer(extraEnvironment, args).redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Streams(process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
  }

  private ProcessBuilder installer(Map<String, String> extraEnvironment, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(argv);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("PCAGENT_ROOT", root.toString());
    env.put("FAKE_S3_DIR", dir.resolve("s3").toString());
    env.put("FAKE_CALLS", calls.toString());
    env.put("JAVA", bin.resolve("pcluster-agent-java").toString());
    env.put("FAKE_ACCOUNTS", Files.createDirectories(dir.resolve("accounts")).toString());
    env.putAll(extraEnvironment);
    return builder;
  }
}
