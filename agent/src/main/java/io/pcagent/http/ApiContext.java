package io.pcagent.http;

import io.pcagent.collect.ClusterCollectors;
import io.pcagent.config.JobsConfig;
import io.pcagent.health.HealthChecks;
import io.pcagent.images.ImageImports;
import io.pcagent.metrics.Exposition;
import io.pcagent.runner.RunStore;
import io.pcagent.slurm.SlurmReads;
import io.pcagent.storage.StorageMonitor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What the API serves from: snapshots and health, the run store (smoke tests and jobs; absent, those routes
 * are not mounted, and so are images, whose imports are runs), the token (and whether reads need it too), Slurm for output reads (the agent never writes to Slurm: cancels go through the run store to the runner), and the rendered metrics.
 */
public record ApiContext(
    ClusterCollectors collectors,
    HealthChecks health,
    Optional<RunStore> runs,
    Optional<ImageImports> images,
    ApiToken token,
    boolean protectReads,
    SlurmReads slurm,
    StorageMonitor storage,
    JobsConfig jobs,
    Path runsDir,
    Exposition metrics,
    Clock clock) {}
