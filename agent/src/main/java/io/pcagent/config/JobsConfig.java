package io.pcagent.config;

/**
 * Jobs submitted over the API: the unprivileged user they run as (never root; created at install, and by
 * the sandbox) and the largest script accepted.
 */
public record JobsConfig(String user, int maxScriptBytes) {
  public static final JobsConfig DEFAULTS = new JobsConfig("pcagent-jobs", 1024 * 1024);
}
