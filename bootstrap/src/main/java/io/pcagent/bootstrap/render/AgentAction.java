package io.pcagent.bootstrap.render;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's head node entry (OnNodeConfigured, and OnNodeUpdated): the staged postinstall script, and as its
 * arguments the agent bundle's URI, its sha256 (the script refuses a bundle that does not match), the job user and agent
 * options. Nothing that changes with the cluster: the agent reads its node counts, mounts and file systems from the head
 * node's cluster-config.yaml at run time. Every SlurmQueue gets the job-user step, staged beside it.
 */
public record AgentAction(String script, String bundle, String sha256, List<String> options) {
  /** API jobs run as this user on every node, with these ids (the installer's defaults: the sandbox's JobUser too). */
  public static final String JOB_USER = "pcagent-jobs";
  public static final int JOB_USER_ID = 2950;
  public static final String JOB_USER_STEP = "pcluster-agent-job-user.sh";

  public AgentAction {
    options = List.copyOf(options);
    if (!script.matches("(s3|https)://\\S+")) {
      throw new IllegalArgumentException("--agent-script must be an s3:// or https:// URI, got '" + script + "'");
    }
    if (!bundle.matches("(s3|https)://\\S+")) {
      throw new IllegalArgumentException("--agent-bundle must be an s3:// or https:// URI, got '" + bundle + "'");
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("--agent-sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
  }

  List<String> args(Optional<String> enrootCache) {
    return Stream.of(Stream.of(bundle, sha256, "--job-user=" + JOB_USER + ":" + JOB_USER_ID + ":" + JOB_USER_ID),
        enrootCache.map(dir -> "--enroot-cache=" + dir).stream(), options.stream()).flatMap(s -> s).toList();
  }

  /** The job-user step, staged in the same folder as the installer. */
  String jobUserScript() {
    return script.substring(0, script.lastIndexOf('/') + 1) + JOB_USER_STEP;
  }

  /**
   * The job-user step's arguments; with a shared file system for Enroot's layer cache, the step also enables
   * containers on ParallelCluster 3.11+ AMIs (postinstall/pcluster-agent-job-user.sh).
   */
  static List<String> jobUserArgs(Optional<String> enrootCache) {
    return Stream.concat(Stream.of(JOB_USER, Integer.toString(JOB_USER_ID), Integer.toString(JOB_USER_ID)),
        enrootCache.map(dir -> "--enroot-cache=" + dir).stream()).toList();
  }
}
