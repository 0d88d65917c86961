package io.pcagent.config;

/**
 * Jobs submitted over the API: the unprivileged user they run as (never root; created at install, and by
 * the sandbox), the largest script accepted, and whether the token may cancel any Slurm job or only the agent's own
 * (its API jobs and smoke tests: the runner cancels as root, which Slurm lets cancel anybody's job).
 */
public record JobsConfig(String user, int maxScriptBytes, boolean cancelAnyJob) {
  public static final JobsConfig DEFAULTS = new JobsConfig("pcagent-jobs", 1024 * 1024, false);

  public JobsConfig(String user, int maxScriptBytes) {
    this(user, maxScriptBytes, DEFAULTS.cancelAnyJob());
  }
}
