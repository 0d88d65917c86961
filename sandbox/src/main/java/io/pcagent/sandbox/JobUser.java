package io.pcagent.sandbox;

/**
 * The user API jobs run as, with the ids it has on the head node; every compute node gets it with the same ids
 * from the installer's job-user step.
 */
public record JobUser(String name, int uid, int gid) {
  /** The name the agent's configuration uses by default (jobs.user). */
  public static final String DEFAULT_NAME = "pcagent-jobs";
  /** The UID and GID the installer gives it on a real cluster (pcluster-bootstrap render passes them to every node). */
  public static final int DEFAULT_ID = 2950;

  public JobUser {
    if (!name.matches("[a-z_][a-z0-9_-]{0,31}")) {
      throw new IllegalArgumentException("the job user must be a lower-case user name, got '" + name + "'");
    }
  }
}
