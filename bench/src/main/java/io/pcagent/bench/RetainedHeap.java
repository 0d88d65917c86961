package io.pcagent.bench;

import io.pcagent.slurm.JobsParser;
import io.pcagent.slurm.NodesParser;
import io.pcagent.testing.slurm.SyntheticSlurm;
import java.util.List;

/**
 * Retained heap of a parsed snapshot, next to the raw text it came from (a Java String of Latin-1 text
 * holds one byte per character). Run: {@code java -cp bench/target/pcluster-bench.jar io.pcagent.bench.RetainedHeap}.
 */
public final class RetainedHeap {
  private RetainedHeap() {}

  public static void main(String[] args) {
    measure("10k nodes", SyntheticSlurm.nodes(10_000), true);
    measure("100k jobs", SyntheticSlurm.jobs(100_000), false);
  }

  private static void measure(String label, String text, boolean nodes) {
    long before = usedAfterGc();
    List<?> snapshot = nodes ? NodesParser.parse(text).records() : JobsParser.parse(text).records();
    long after = usedAfterGc();
    long retained = after - before;
    System.out.printf("%s: text %,d bytes, snapshot retains %,d bytes (%.2f x the text, %,d bytes per item)%n",
        label, text.length(), retained, (double) retained / text.length(), retained / snapshot.size());
    if (snapshot.isEmpty()) {
      throw new IllegalStateException("nothing parsed");
    }
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
