package io.pcagent.jobs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The whole environment {@code sbatch} runs with for an API job, and so the job's ({@code --export=ALL} passes the
 * submitting environment on): the job user's login variables (HOME and SHELL from its account, USER, LOGNAME, a
 * PATH with Slurm's folder first), what the request names, the job's umask, and SLURM_CONF where Slurm's
 * configuration is not in its default place. Nothing of the runner's own process: its JVM options, MALLOC_ARENA_MAX
 * (two malloc arenas for a training job), PCAGENT_* or root's HOME would otherwise reach every job.
 *
 * <p>Built here rather than with {@code --export=NONE}, which makes slurmd load the user's environment through
 * {@code su - USER} ({@code --get-user-env}): the job user is a system account with no login shell, for which that
 * fails.
 */
public final class JobEnvironment {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** What sbatch passes on as the job's umask (SLURM_UMASK): output group-readable, nothing for others. */
  static final String JOB_UMASK = "0027";

  /** The job user's account, as {@code getent passwd} gives it. */
  public record Account(String name, String home, String shell) {
    /** One passwd line: name:password:uid:gid:gecos:home:shell. */
    public static Account parse(String passwdLine) {
      String[] fields = passwdLine.strip().split(":", -1);
      if (fields.length < 7 || fields[0].isEmpty()) {
        throw new IllegalArgumentException("not a passwd entry: '" + passwdLine.strip() + "'");
      }
      return new Account(fields[0], fields[5], fields[6]);
    }
  }

  private JobEnvironment() {}

  public static Map<String, String> of(Account account, Map<String, String> requested, Path slurmBinDir,
      Optional<Path> slurmConf) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("HOME", account.home());
    environment.put("SHELL", account.shell());
    environment.put("USER", account.name());
    environment.put("LOGNAME", account.name());
    environment.putAll(requested);
    String path = requested.getOrDefault("PATH", DEFAULT_PATH);
    environment.put("PATH", slurmBinDir + (path.isEmpty() ? "" : ":" + path));
    environment.put("SLURM_UMASK", JOB_UMASK);
    slurmConf.ifPresent(conf -> environment.put("SLURM_CONF", conf.toString()));
    return environment;
  }
}
