package io.pcagent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sandbox's compute nodes are other machines in the ways that break long work on ParallelCluster: their own
 * disks and /etc, Slurm only in opt/slurm/bin, only the shared file systems in common with the head node.
 */
@ExtendWith(SandboxExtension.class)
class ComputeNodeIT {
  private static final Duration JOB = Duration.ofSeconds(60);
  private static final String STATIC_NODES = "compute-gpu-st-distributed-ml-[1-3]";

  @Test
  void aBareSrunInABatchScriptFailsOnAComputeNodeWhileOptSlurmsWorks(SandboxCluster cluster) throws Exception {
    Path dir = Files.createDirectories(cluster.layout().sharedHome().resolve("it-bare-srun"));
    Path bare = Files.writeString(dir.resolve("bare.sh"), "#!/bin/bash\nsrun hostname\n");
    Path full = Files.writeString(dir.resolve("full.sh"), "#!/bin/bash\n" + cluster.slurmBinDir().resolve("srun") + " hostname\n");

    String bareJob = submitAndWait(cluster, bare, dir.resolve("bare.out"));
    String fullJob = submitAndWait(cluster, full, dir.resolve("full.out"));

    assertThat(job(cluster, bareJob)).contains("JobState=FAILED", "ExitCode=126:0");
    assertThat(Files.readString(dir.resolve("bare.out"))).contains("/usr/bin/srun: Permission denied");
    assertThat(job(cluster, fullJob)).contains("JobState=COMPLETED", "ExitCode=0:0");
    assertThat(Files.readString(dir.resolve("full.out")).lines()).hasSize(2);
  }

  @Test
  void theHeadNodesOwnFoldersAndTmpAreInvisibleFromEveryComputeNode(SandboxCluster cluster) throws Exception {
    Path token = Files.createDirectories(cluster.agentState()).resolve("token-visibility-check");
    Files.writeString(token, "secret\n");
    Path headTmp = Files.createTempFile("pcagent-head-only-", ".tmp");
    Path shared = Files.writeString(cluster.layout().sharedFsx().resolve("shared-visibility-check"), "shared\n");
    try {
      String out = cluster.slurm(JOB, "srun", "-N3", "--nodelist=" + STATIC_NODES, "bash", "-c", String.join("; ",
          "printf '%s head=%s state=%s token=%s tmp=%s shared=%s\\n' \"$SLURMD_NODENAME\""
              + " \"$(ls -A " + cluster.layout().head() + " | wc -l)\""
              + " \"$(ls -A " + cluster.layout().state() + " | wc -l)\""
              + " \"$(test -e " + token + " && echo seen || echo hidden)\""
              + " \"$(test -e " + headTmp + " && echo seen || echo hidden)\""
              + " \"$(cat " + shared + ")\"")).stdout();

      assertThat(out.lines().sorted()).containsExactly(
          "compute-gpu-st-distributed-ml-1 head=0 state=0 token=hidden tmp=hidden shared=shared",
          "compute-gpu-st-distributed-ml-2 head=0 state=0 token=hidden tmp=hidden shared=shared",
          "compute-gpu-st-distributed-ml-3 head=0 state=0 token=hidden tmp=hidden shared=shared");
    } finally {
      Files.deleteIfExists(headTmp);
      Files.deleteIfExists(token);
    }
  }

  @Test
  void aUserAddedOnlyOnTheHeadNodeIsUnknownThereWhileTheJobUserHasTheHeadsIds(SandboxCluster cluster) throws Exception {
    String headOnly = "pcagent-it-headonly";
    CommandRunner runner = new CommandRunner();
    runner.runAllowingFailure(Command.of("userdel", headOnly));
    runner.run(Command.of("useradd", "--system", "--no-create-home", headOnly));
    try {
      String jobUser = cluster.spec().jobUser();
      String ids = runner.run(Command.of("id", "-u", jobUser)).stdout().strip() + ":"
          + runner.run(Command.of("id", "-g", jobUser)).stdout().strip();

      String out = cluster.slurm(JOB, "srun", "-N3", "--nodelist=" + STATIC_NODES, "bash", "-c",
          "echo \"$SLURMD_NODENAME $(getent passwd " + headOnly + " > /dev/null && echo known || echo unknown)"
              + " $(getent passwd " + jobUser + " | cut -d: -f3,4)\"").stdout();

      assertThat(out.lines().sorted()).containsExactly(
          "compute-gpu-st-distributed-ml-1 unknown " + ids,
          "compute-gpu-st-distributed-ml-2 unknown " + ids,
          "compute-gpu-st-distributed-ml-3 unknown " + ids);
    } finally {
      runner.runAllowingFailure(Command.of("userdel", headOnly));
    }
  }

  @Test
  void everyNodeStaticOrDynamicRunsInAMountNamespaceOfItsOwn(SandboxCluster cluster) throws Exception {
    String dynamic = "compute-gpu-dy-distributed-ml-1";
    String head = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();

    String out = cluster.slurm(Duration.ofSeconds(120), "srun", "-N4", "--nodelist=" + STATIC_NODES + "," + dynamic,
        "bash", "-c", "echo \"$SLURMD_NODENAME $(readlink /proc/self/ns/mnt)\"").stdout();

    Set<String> namespaces = new TreeSet<>();
    out.lines().forEach(line -> namespaces.add(line.split(" ")[1]));
    assertThat(out.lines()).hasSize(4).anySatisfy(line -> assertThat(line).startsWith(dynamic + " mnt:["));
    assertThat(namespaces).hasSize(4).doesNotContain(head);

    List<NodeNamespace> status = cluster.sandbox().status(cluster.spec().dir()).namespaces();
    assertThat(status).extracting(NodeNamespace::node).contains(dynamic, "compute-gpu-st-distributed-ml-1");
    assertThat(status).allSatisfy(node -> {
      assertThat(node.ownNamespace()).as(node.node()).isTrue();
      assertThat(node.mounts()).contains("/etc (overlay)", "/tmp (tmpfs)", cluster.layout().head() + " (tmpfs)",
          cluster.layout().sharedHome() + " (fuse)", cluster.layout().sharedFsx() + " (fuse)");
    });
  }

  private static String submitAndWait(SandboxCluster cluster, Path script, Path output) throws Exception {
    // --wait exits with the job's exit code: a failing job is what one of these tests expects.
    Command sbatch = Command.of(cluster.slurmBinDir().resolve("sbatch").toString(), "--parsable", "--wait", "-N2",
            "--nodelist=compute-gpu-st-distributed-ml-[1-2]", "-o", output.toString(), script.toString())
        .withEnvironment(cluster.environment()).withTimeout(JOB);
    return new CommandRunner().runAllowingFailure(sbatch).stdout().strip();
  }

  private static String job(SandboxCluster cluster, String jobId) throws Exception {
    return cluster.slurm(Duration.ofSeconds(10), "scontrol", "show", "job", jobId, "-o").stdout();
  }
}
