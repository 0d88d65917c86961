package io.pcagent.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Slurm where ParallelCluster puts it: opt/slurm/bin and opt/slurm/sbin hold copies of Debian's programs. Copies,
 * not links: compute nodes do not see Debian's /usr/bin copies, and a link into a hidden file is hidden too.
 */
final class SlurmInstall {
  /** Debian's slurm-client commands; ParallelCluster's /opt/slurm/bin has the same set. */
  static final List<String> CLIENTS = List.of("sacct", "sacctmgr", "salloc", "sattach", "sbatch", "sbcast", "scancel",
      "scontrol", "sdiag", "sinfo", "sprio", "squeue", "sreport", "srun", "sshare", "sstat", "strigger");
  /** Without these, neither the sandbox nor the agent can work. */
  private static final List<String> REQUIRED = List.of("sbatch", "scancel", "scontrol", "sdiag", "sinfo", "squeue", "srun");
  static final List<String> DAEMONS = List.of("slurmctld", "slurmd");
  private static final Path DEBIAN_BIN = Path.of("/usr/bin");

  private SlurmInstall() {}

  static void copy(SandboxLayout layout, SlurmBinaries binaries) throws IOException {
    Files.createDirectories(layout.slurmBin());
    Files.createDirectories(layout.slurmSbin());
    Files.createDirectories(layout.slurmEtc());
    for (String client : CLIENTS) {
      Path source = REQUIRED.contains(client) ? binaries.find(client) : DEBIAN_BIN.resolve(client);
      if (Files.isExecutable(source)) {
        Files.copy(source, layout.slurmBin().resolve(client), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    for (String daemon : DAEMONS) {
      Files.copy(binaries.find(daemon), layout.slurmSbin().resolve(daemon), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  /** Debian's copies, which a compute node must not see. */
  static List<Path> hiddenOnComputeNodes() {
    return CLIENTS.stream().map(DEBIAN_BIN::resolve).toList();
  }
}
