package io.pcagent.bench;

import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.slurm.JobStates;
import io.pcagent.slurm.SlurmClient;
import io.pcagent.smoke.SmokeResult;
import io.pcagent.smoke.SmokeTestRequest;
import io.pcagent.smoke.SmokeTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wall time of a smoke test over a cluster's nodes against a bare {@code sbatch --wait} of {@code srun hostname}
 * on the same nodes, alternating the two, in one run. Args: slurm.conf of a running sandbox
 * (DIR/opt/slurm/etc/slurm.conf), a work folder on its shared fsx (compute nodes read the probe there), rounds.
 * See docs/benchmarks.md for the command that starts a sandbox for it.
 */
public final class SmokeTestWallTime {
  private SmokeTestWallTime() {}

  public static void main(String[] args) throws Exception {
    Path conf = Path.of(args[0]);
    Path work = Path.of(args[1]).toAbsolutePath();
    int rounds = Integer.parseInt(args[2]);
    Files.createDirectories(work.resolve("shared"));
    CommandRunner runner = new CommandRunner();
    SlurmClient slurm = new SlurmClient(runner, SandboxSlurm.config(conf));
    String srun = slurm.program("srun");
    SmokeTests smokeTests = new SmokeTests(slurm, work.resolve("runs"));
    SmokeTestRequest request = new SmokeTestRequest(List.of(), List.of(), 1, 120, List.of(work.resolve("shared").toString()), false, null);
    List<String> nodes = smokeTests.runToEnd("warmup", request, Duration.ofMillis(200)).nodes().stream()
        .filter(n -> n.result().equals("pass")).map(n -> n.node()).toList();
    List<Double> bare = new ArrayList<>();
    List<Double> polled = new ArrayList<>();
    List<Double> smoke = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long started = System.nanoTime();
      runner.run(Command.of(slurm.program("sbatch"), "--wait", "--nodes=" + nodes.size(), "--nodelist=" + String.join(",", nodes),
              "--output=/dev/null", "--wrap", srun + " hostname")
          .withEnvironment(Map.of("SLURM_CONF", conf.toString())).withTimeout(Duration.ofSeconds(120)));
      bare.add((System.nanoTime() - started) / 1e9);
      started = System.nanoTime();
      long job = Long.parseLong(slurm.run("sbatch", "--parsable", "--nodes=" + nodes.size(), "--nodelist=" + String.join(",", nodes),
          "--output=/dev/null", "--wrap", srun + " hostname").strip());
      while (smokeTests.jobState(job).map(state -> !JobStates.ended(state)).orElse(false)) {
        Thread.sleep(200);
      }
      polled.add((System.nanoTime() - started) / 1e9);
      started = System.nanoTime();
      SmokeResult result = smokeTests.runToEnd("round-" + i, request, Duration.ofMillis(200));
      smoke.add((System.nanoTime() - started) / 1e9);
      if (!result.passed()) {
        throw new IllegalStateException("smoke test failed: " + result);
      }
    }
    double smokeMedian = median(smoke);
    System.out.printf("%d nodes, %d rounds, medians: smoke test %.2f s %s%n", nodes.size(), rounds, smokeMedian, smoke);
    System.out.printf("  sbatch --wait of srun hostname %.2f s %s: ratio %.2f%n", median(bare), bare, smokeMedian / median(bare));
    System.out.printf("  sbatch of srun hostname, followed like the smoke test (squeue every 200 ms) %.2f s %s: ratio %.2f%n",
        median(polled), polled, smokeMedian / median(polled));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
