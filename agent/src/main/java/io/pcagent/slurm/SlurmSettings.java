package io.pcagent.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the Slurm commands are and how they are run. Never the PATH: on ParallelCluster Slurm is only in
 * /opt/slurm/bin, which is not on a systemd service's PATH nor on a batch script's non-login PATH.
 *
 * @param binDir directory of sinfo, squeue, scontrol, srun, sbatch... (default /opt/slurm/bin, ParallelCluster's)
 * @param conf slurm.conf to use (exported as SLURM_CONF); empty: Slurm's own default
 * @param commandTimeout how long one Slurm command may run before it is killed
 * @param outputLimitBytes how much of one command's output is kept
 */
public record SlurmSettings(Path binDir, Optional<Path> conf, Duration commandTimeout, int outputLimitBytes) {
  public static final Path DEFAULT_BIN_DIR = Path.of("/opt/slurm/bin");
}
