package io.pcagent.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {
  private static final JobEnvironment.Account JOB_USER =
      JobEnvironment.Account.parse("pcagent-jobs:x:2950:2950::/nonexistent:/usr/sbin/nologin\n");

  @Test
  void theJobUsersLoginVariablesTheRequestsAndNothingElse() {
    Map<String, String> environment = JobEnvironment.of(JOB_USER, Map.of("NCCL_DEBUG", "INFO", "HOME", "/fsx/team"),
        Path.of("/opt/slurm/bin"), Optional.empty());

    assertThat(environment).containsExactly(Map.entry("HOME", "/fsx/team"), Map.entry("SHELL", "/usr/sbin/nologin"),
        Map.entry("USER", "pcagent-jobs"), Map.entry("LOGNAME", "pcagent-jobs"), Map.entry("NCCL_DEBUG", "INFO"),
        Map.entry("PATH", "/opt/slurm/bin:" + JobEnvironment.DEFAULT_PATH), Map.entry("SLURM_UMASK", "0027"));
    assertThat(environment).as("nothing of the runner's process").doesNotContainKeys("MALLOC_ARENA_MAX", "JAVA_HOME");
  }

  @Test
  void slurmsFolderComesFirstOnARequestedPathAndANonDefaultSlurmConfIsKept() {
    Map<String, String> environment = JobEnvironment.of(JOB_USER, Map.of("PATH", "/fsx/venv/bin:/usr/bin"),
        Path.of("/opt/slurm/bin"), Optional.of(Path.of("/var/sbx/etc/slurm.conf")));

    assertThat(environment).containsEntry("PATH", "/opt/slurm/bin:/fsx/venv/bin:/usr/bin")
        .containsEntry("SLURM_CONF", "/var/sbx/etc/slurm.conf");
  }

  @Test
  void anAccountLineThatIsNotOneIsRefused() {
    assertThat(JobEnvironment.Account.parse("ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash"))
        .isEqualTo(new JobEnvironment.Account("ubuntu", "/home/ubuntu", "/bin/bash"));
    assertThatThrownBy(() -> JobEnvironment.Account.parse("")).hasMessage("not a passwd entry: ''");
  }
}
