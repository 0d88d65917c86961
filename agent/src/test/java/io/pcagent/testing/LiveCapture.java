package io.pcagent.testing;

import io.pcagent.slurm.JobsParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a Slurm container's own commands print at one moment of a scenario, kept as a file under the test's folder;
 * with {@code -Dpcagent.slurm.live.write=true}, once the scenario has passed, the agent's test resources (live/RELEASE,
 * which SlurmLiveFixturesTest reads) become those files. Nothing in them is typed by hand.
 */
public final class LiveCapture {
  /** The agent's own calls: SlurmClient.nodes and JobsParser.arguments. */
  public static final List<String> NODES = List.of("scontrol", "-d", "show", "nodes", "-o");
  public static final List<String> NODES_WITHOUT_DETAIL = List.of("scontrol", "show", "nodes", "-o");
  public static final Path RESOURCES = Path.of("src", "test", "resources", "io", "pcagent", "slurm", "live");
  private static final String WRITE_PROPERTY = "pcagent.slurm.live.write";

  private final SlurmContainer cluster;
  private final Path dir;
  private final Path resources;

  public LiveCapture(SlurmContainer cluster, SlurmContainer.Release release, Path work) throws IOException {
    this.cluster = cluster;
    this.dir = Files.createDirectories(work.resolve("live").resolve(release.version()));
    this.resources = RESOURCES.resolve(release.version());
  }

  /** With -Dpcagent.slurm.live.write=true, the release's fixtures become what this run kept: once it has passed. */
  public void publish() throws IOException {
    if (!Boolean.getBoolean(WRITE_PROPERTY)) {
      return;
    }
    Files.createDirectories(resources);
    try (var old = Files.list(resources)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    try (var kept = Files.list(dir)) {
      for (Path file : kept.toList()) {
        Files.copy(file, resources.resolve(file.getFileName()));
      }
    }
  }

  public static List<String> squeue() {
    List<String> argv = new ArrayList<>(List.of("squeue"));
    argv.addAll(JobsParser.arguments());
    return argv;
  }

  /** Runs the command in the container and keeps its output as {@code file}; the output. */
  public String keep(String file, List<String> argv) throws IOException, InterruptedException {
    String out = cluster.exec(argv.toArray(String[]::new));
    Files.writeString(dir.resolve(file), out);
    return out;
  }

  /** Keeps what a release served another way (slurmctld's HTTP metrics) as {@code file}. */
  public void keepText(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
  }

  /** Waits until Slurm prints the node's State matching {@code state} (a regular expression), at most {@code timeout}. */
  public String awaitState(String node, String state, Duration timeout) throws IOException, InterruptedException {
    Pattern pattern = Pattern.compile("(^| )State=" + state + "( |$)");
    long deadline = System.nanoTime() + timeout.toNanos();
    String line = cluster.exec("scontrol", "show", "node", node, "-o");
    while (!pattern.matcher(line).find()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("node " + node + " not State=" + state + " within " + timeout + ": " + line);
      }
      Thread.sleep(250);
      line = cluster.exec("scontrol", "show", "node", node, "-o");
    }
    return line;
  }
}
