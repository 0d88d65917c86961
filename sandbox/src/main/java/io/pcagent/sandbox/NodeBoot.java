package io.pcagent.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a compute node of the sandbox boots: node-boot.sh, run under {@code unshare --mount}, sets up the node's own
 * mount namespace and starts its slurmd there (see the script for what a node sees).
 */
final class NodeBoot {
  static final String SCRIPT = "node-boot.sh";
  static final String JOB_USER_STEP = "pcluster-agent-job-user.sh";
  /** The agent's own folders on an installed head node; masked on the nodes when this host has them. */
  static final List<Path> AGENT_INSTALL = List.of(
      Path.of("/etc/pcluster-agent"), Path.of("/var/lib/pcluster-agent"), Path.of("/opt/pcluster-agent"));
  /** The agent's service user (a head-node account) and the job user are created on the head node only. */
  static final String AGENT_USER = "pcagent";

  private NodeBoot() {}

  /** The installer's job-user step, as ParallelCluster would fetch it: the head node runs it too (HeadJobUser). */
  static void writeJobUserStep(SandboxLayout layout) {
    ScriptTemplates.writeExecutable(layout.bin().resolve(JOB_USER_STEP), ScriptTemplates.render(JOB_USER_STEP, Map.of()));
  }

  /** The boot script, once the job user's ids on the head node are known. */
  static void write(SandboxLayout layout, JobUser jobUser) {
    ScriptTemplates.writeExecutable(layout.bin().resolve(SCRIPT), ScriptTemplates.render(SCRIPT, Map.of(
        "DIR", layout.dir().toString(),
        "SLURM_CONF", layout.slurmConf().toString(),
        "SLURMD", layout.slurmSbin().resolve("slurmd").toString(),
        "JOB_USER_STEP", layout.bin().resolve(JOB_USER_STEP).toString(),
        "JOB_USER", jobUser.name(),
        "JOB_UID", Integer.toString(jobUser.uid()),
        "JOB_GID", Integer.toString(jobUser.gid()),
        "HEAD_ONLY_USERS", String.join(" ", headOnlyUsers(jobUser)),
        "MASKS", joined(masks(layout)),
        "HIDDEN_PROGRAMS", joined(SlurmInstall.hiddenOnComputeNodes()))));
  }

  static List<String> headOnlyUsers(JobUser jobUser) {
    return List.of(jobUser.name(), AGENT_USER);
  }

  /** Folders a compute node gets an empty tmpfs over: its own /tmp and /var/tmp, and every head-only folder. */
  static List<Path> masks(SandboxLayout layout) {
    List<Path> masks = new ArrayList<>(List.of(Path.of("/tmp"), Path.of("/var/tmp")));
    masks.addAll(layout.headOnly());
    masks.addAll(AGENT_INSTALL);
    return masks;
  }

  /** The argv that boots {@code node} (slurmd then daemonizes; its namespace lives as long as it does). */
  static List<String> argv(SandboxLayout layout, String node, String... slurmdOptions) {
    return Stream.concat(Stream.of("unshare", "--mount", "--propagation", "private", "--", "bash",
        layout.bin().resolve(SCRIPT).toString(), node), Stream.of(slurmdOptions)).toList();
  }

  private static String joined(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(" "));
  }
}
