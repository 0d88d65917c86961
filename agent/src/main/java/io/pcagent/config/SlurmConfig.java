package io.pcagent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the Slurm commands are and how they are run.
 *
 * @param binDir directory of sinfo, squeue, scontrol... (ParallelCluster: /opt/slurm/bin); empty: the PATH
 * @param conf slurm.conf to use (exported as SLURM_CONF); empty: Slurm's own default
 * @param commandTimeout how long one Slurm command may run before it is killed
 * @param outputLimitBytes how much of one command's output is kept
 */
public record SlurmConfig(Optional<Path> binDir, Optional<Path> conf, Duration commandTimeout, int outputLimitBytes) {}
