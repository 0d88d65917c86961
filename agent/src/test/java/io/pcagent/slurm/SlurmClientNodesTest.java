package io.pcagent.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.exec.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own scontrol call reads allocated GPUs: a stand-in scontrol (the CLI contract: its arguments in, the
 * text 24.11 printed for them out, SlurmLiveFixturesTest's files) answers {@code -d show nodes -o} with the detailed
 * output and anything else with what plain {@code show nodes -o} printed, where GresUsed is missing.
 */
class SlurmClientNodesTest {
  @TempDir Path bin;

  @Test
  void nodesAreReadWithDetailSoAllocatedGpusAreThere() throws Exception {
    Path live = Path.of("src", "test", "resources", "io", "pcagent", "slurm", "live", "24.11").toAbsolutePath();
    Path scontrol = bin.resolve("scontrol");
    Files.writeString(scontrol, "#!/bin/bash\n# a stand-in for scontrol (SlurmClientNodesTest)\n"
        + "if [ \"$*\" = '-d show nodes -o' ]; then exec cat " + live.resolve("nodes-gpu-job.txt") + "; fi\n"
        + "exec cat " + live.resolve("nodes-gpu-job-without-d.txt") + "\n");
    Files.setPosixFilePermissions(scontrol, PosixFilePermissions.fromString("rwxr-xr-x"));
    SlurmClient client = new SlurmClient(new CommandRunner(), new SlurmSettings(bin, Optional.empty(), Duration.ofSeconds(10), 1 << 20));

    Node node = client.nodes().records().stream().filter(n -> n.name().equals("compute-gpu-st-distributed-ml-1")).findFirst().orElseThrow();

    assertThat(node.gpusTotal()).isEqualTo(4);
    assertThat(node.gpusAllocated()).isEqualTo(3);
  }
}
