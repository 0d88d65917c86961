package io.pcagent.bench;

import io.pcagent.slurm.Job;
import io.pcagent.slurm.JobsParser;
import io.pcagent.slurm.Node;
import io.pcagent.slurm.NodesParser;
import io.pcagent.testing.slurm.SyntheticSlurm;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a 10k-node {@code scontrol show nodes -o} and a 100k-job squeue, each next to a bare line split of
 * the same bytes (the least any parser must do): read the ratio, not the absolute times.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {
  private String nodes;
  private String jobs;

  @Setup
  public void generate() {
    nodes = SyntheticSlurm.nodes(10_000);
    jobs = SyntheticSlurm.jobs(100_000);
  }

  @Benchmark
  public List<Node> nodesParse() {
    return NodesParser.parse(nodes).records();
  }

  @Benchmark
  public int nodesLineSplit() {
    return splitLines(nodes);
  }

  @Benchmark
  public List<Job> jobsParse() {
    return JobsParser.parse(jobs).records();
  }

  @Benchmark
  public int jobsLineSplit() {
    return splitLines(jobs);
  }

  /** The baseline: every line as its own String, as any line-oriented parser must at least produce. */
  private static int splitLines(String text) {
    int total = 0;
    for (String line : text.split("\n")) {
      total += line.length();
    }
    return total;
  }
}
