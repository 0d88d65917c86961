package io.pcagent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeBootTest {
  @Test
  void theBootScriptMasksHeadOnlyFoldersHidesDebiansSlurmAndStartsSlurmdFromOptSlurm(@TempDir Path dir) throws Exception {
    SandboxLayout layout = new SandboxLayout(dir);
    Files.createDirectories(layout.bin());

    NodeBoot.write(layout, new JobUser("pcagent-jobs", 2950, 2951));

    String script = Files.readString(layout.bin().resolve(NodeBoot.SCRIPT));
    assertThat(script)
        .contains("slurmd='" + dir + "/opt/slurm/sbin/slurmd'")
        .contains("conf='" + dir + "/opt/slurm/etc/slurm.conf'")
        .contains("job_user='pcagent-jobs'", "job_uid='2950'", "job_gid='2951'")
        .contains("<<< 'pcagent-jobs pcagent'")
        .contains("<<< '/tmp /var/tmp " + dir + "/state " + dir + "/munge/key " + dir + "/head "
            + "/etc/pcluster-agent /var/lib/pcluster-agent /opt/pcluster-agent'")
        .contains("/usr/bin/srun /usr/bin/sshare")
        .doesNotContainPattern("@[A-Z_]+@");
  }

  @Test
  void aNodeBootsUnderUnshareWithItsSlurmdOptions() {
    SandboxLayout layout = new SandboxLayout(Path.of("/var/sbx"));

    assertThat(NodeBoot.argv(layout, "compute-gpu-dy-distributed-ml-1", "-b")).containsExactly(
        "unshare", "--mount", "--propagation", "private", "--", "bash", "/var/sbx/bin/node-boot.sh",
        "compute-gpu-dy-distributed-ml-1", "-b");
  }

  @Test
  void theJobUserStepIsTheInstallersOwnFile() throws Exception {
    Path repositoryCopy = Path.of("..", "postinstall", NodeBoot.JOB_USER_STEP);

    assertThat(ScriptTemplates.render(NodeBoot.JOB_USER_STEP, Map.of())).isEqualTo(Files.readString(repositoryCopy));
  }

  @Test
  void aFolderTheBootScriptCannotQuoteIsRefused() {
    assertThatThrownBy(() -> new SandboxSpec(Path.of("/var/sbx one"), 1, 0, Duration.ofSeconds(5), Duration.ofSeconds(5)))
        .hasMessage("--dir may hold only letters, digits and / . _ + -, got '/var/sbx one'");
    assertThatThrownBy(() -> new SandboxSpec(Path.of("/var/sbx"), 1, 0, Duration.ofSeconds(5), Duration.ofSeconds(5), "Root"))
        .hasMessage("the job user must be a lower-case user name, got 'Root'");
  }
}
