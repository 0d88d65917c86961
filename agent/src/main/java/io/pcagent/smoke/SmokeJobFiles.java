package io.pcagent.smoke;

import io.pcagent.text.ClasspathText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes one smoke test's files into its run folder (which compute nodes must see: on a cluster, a shared
 * file system): the probe, and the batch script that runs it in three steps across the runnable nodes.
 */
public final class SmokeJobFiles {
  public static final String PROBE = "probe.sh";
  public static final String SCRIPT = "smoke-test.sbatch";
  public static final String STDOUT = "smoke-test.out";
  public static final String STDERR = "smoke-test.err";

  private SmokeJobFiles() {}

  /**
   * Writes the files and returns the sbatch arguments (after {@code sbatch}) that submit the job.
   *
   * @param slurmBin where Slurm's programs are on every node (ParallelCluster: /opt/slurm/bin, not on a batch
   *     script's PATH): the script calls srun from there
   */
  public static List<String> write(Path runDir, String runId, SmokeTestPlan plan, Path slurmBin) throws IOException {
    Files.createDirectories(runDir);
    Path probe = runDir.resolve(PROBE);
    Files.writeString(probe, ClasspathText.read(SmokeJobFiles.class, PROBE));
    Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(runDir.resolve(SCRIPT), script(probe, plan, slurmBin));
    int minutes = Math.max(1, (plan.request().timeoutSeconds() + 59) / 60);
    List<String> args = new ArrayList<>(List.of(
        "--parsable",
        "--job-name=" + SmokeTests.jobName(runId),
        "--partition=" + plan.partition(),
        "--nodelist=" + String.join(",", plan.runnable()),
        "--nodes=" + plan.runnable().size(),
        "--ntasks-per-node=" + plan.request().tasksPerNode(),
        "--wait-all-nodes=1",
        "--time=" + minutes,
        "--output=" + runDir.resolve(STDOUT),
        "--error=" + runDir.resolve(STDERR),
        "--chdir=" + runDir));
    args.add(runDir.resolve(SCRIPT).toString());
    return args;
  }

  static String script(Path probe, SmokeTestPlan plan, Path slurmBin) {
    String gpus = plan.gpus().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().probeForm())
        .collect(Collectors.joining(" "));
    return String.join("\n",
        "#!/bin/bash",
        "# pcluster-agent smoke test: each step is a barrier across all nodes of the job.",
        "set -u",
        "slurm_bin=" + quote(slurmBin.toString()),
        "export PATH=\"$slurm_bin:$PATH\"",
        "srun=\"$slurm_bin/srun\"",
        "export PCAGENT_NODES=" + quote(String.join(" ", plan.runnable())),
        "export PCAGENT_SHARED_DIRS=" + quote(String.join(" ", plan.request().sharedDirs())),
        "export PCAGENT_GPUS=" + quote(gpus),
        "probe=" + quote(probe.toString()),
        "\"$srun\" --kill-on-bad-exit=0 bash \"$probe\" write",
        "\"$srun\" --kill-on-bad-exit=0 bash \"$probe\" check",
        "status=$?",
        "image=" + quote(plan.request().containerImage() == null ? "" : plan.request().containerImage()),
        "if [ -n \"$image\" ]; then",
        "  if \"$srun\" --help 2>&1 | grep -q -- --container-image; then",
        "    \"$srun\" --kill-on-bad-exit=0 --ntasks-per-node=1 --container-image=\"$image\" \\",
        "      sh -c 'echo \"{\\\"container\\\":\\\"$SLURMD_NODENAME\\\"}\"' || status=1",
        "  else",
        "    echo '{\"containerUnavailable\":\"Pyxis is not configured: srun has no --container-image\"}'",
        "  fi",
        "fi",
        "\"$srun\" --nodes=1 --ntasks=1 bash \"$probe\" cleanup",
        "exit $status",
        "");
  }

  /** Single quotes for bash; node names, partitions and paths never hold one, but be safe. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
