package io.pcagent.app;

import io.pcagent.config.AgentConfig;
import io.pcagent.exec.CommandRunner;
import io.pcagent.images.ImageCatalog;
import io.pcagent.images.ImageImportHandler;
import io.pcagent.images.ImageImports;
import io.pcagent.jobs.JobHandler;
import io.pcagent.runner.LocalRuns;
import io.pcagent.runner.RunKind;
import io.pcagent.runner.RunStore;
import io.pcagent.runner.Runner;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.smoke.SmokeTestHandler;
import io.pcagent.smoke.SmokeTests;
import java.time.Clock;
import java.util.Map;

/** A runner with a handler for every kind of run this build supports. */
public final class RunnerWiring {
  private RunnerWiring() {}

  public static Runner runner(RunStore store, AgentConfig config, Clock clock, String owner) {
    SlurmClient slurm = new SlurmClient(new CommandRunner(), config.slurm());
    SmokeTests smokeTests = new SmokeTests(slurm, config.runs().dir());
    JobHandler jobs = new JobHandler(slurm, new CommandRunner(), config.runs().dir(), config.jobs().user());
    LocalRuns local = new LocalRuns(store, Map.of(RunKind.IMAGE_IMPORT,
        new ImageImportHandler(config.images(), config.jobs().user(), new CommandRunner(), clock)));
    return new Runner(store, slurm, Map.of(RunKind.SMOKE_TEST, new SmokeTestHandler(smokeTests), RunKind.JOB, jobs), local,
        ImageImports.deleter(new ImageCatalog(config.images().dir())), clock, owner);
  }
}
