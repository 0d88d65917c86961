package io.pcagent.bootstrap.stage;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import io.pcagent.text.ClasspathText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the head node installs: the agent's jar, its default configuration, the systemd units and a VERSION file,
 * as one deterministic tar.gz; the postinstall script that ParallelCluster runs to install it on the head node; and
 * the job-user step that every compute node runs (the head node's installer runs the bundle's copy). The scripts
 * and the units are those of the repository's postinstall/ and systemd/ folders, built into this jar.
 */
public record AgentBundle(String label, byte[] archive, String sha256, byte[] postinstall, byte[] jobUserStep) {
  public static final String POSTINSTALL = "pcluster-agent-postinstall.sh";
  public static final String JOB_USER_STEP = "pcluster-agent-job-user.sh";
  /** The launcher with the JVM options the agent is measured with; installed as /opt/pcluster-agent/bin/pcluster-agent. */
  public static final String LAUNCHER = "pcluster-agent";
  public static final String ARCHIVE = "pcluster-agent-bundle.tar.gz";

  public static AgentBundle build(Path agentJar, String label) {
    if (!label.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw PcagentException.usage("--label must be letters, digits, '.', '_' or '-' (at most 64), got '" + label + "'");
    }
    try {
      TarGz tar = new TarGz();
      tar.add("VERSION", 0644, (label + "\n").getBytes(StandardCharsets.UTF_8));
      tar.add("pcluster-agent.jar", 0644, Files.readAllBytes(agentJar));
      tar.add("bin/pcluster-agent", 0755, resource(LAUNCHER));
      tar.add("config/agent.yaml", 0644, resource("agent.yaml"));
      tar.add("systemd/pcluster-agent.service", 0644, resource("pcluster-agent.service"));
      tar.add("systemd/pcluster-agent-runner.service", 0644, resource("pcluster-agent-runner.service"));
      tar.add(POSTINSTALL, 0755, resource(POSTINSTALL));
      tar.add(JOB_USER_STEP, 0755, resource(JOB_USER_STEP));
      byte[] archive = tar.finish();
      return new AgentBundle(label, archive, sha256(archive), resource(POSTINSTALL), resource(JOB_USER_STEP));
    } catch (NoSuchFileException e) {
      throw PcagentException.usage(agentJar + ": no such file (build it with: mvn -Pquick package, or pass --agent-jar)");
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, "cannot build the agent bundle: " + e.getMessage(), e);
    }
  }

  static byte[] resource(String name) {
    return ClasspathText.read(AgentBundle.class, "bundle/" + name).getBytes(StandardCharsets.UTF_8);
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
