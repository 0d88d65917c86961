package io.pcagent.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.text.ClasspathText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's GPU check, run by bash with a stand-in nvidia-smi (there is no GPU here; see its header): physical
 * GPUs against a plain Gres, MIG devices against a MIG profile, as Slurm counts them.
 */
class ProbeGpuTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode gpuCheck(String expectation, int gpus, int migs) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path nvidiaSmi = Files.writeString(bin.resolve("nvidia-smi"), ClasspathText.read(ProbeGpuTest.class, "ProbeGpuTest/nvidia-smi"));
    Files.setPosixFilePermissions(nvidiaSmi, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path probe = Files.writeString(dir.resolve("probe.sh"), ClasspathText.read(SmokeJobFiles.class, SmokeJobFiles.PROBE));
    String out = new CommandRunner().run(Command.of("bash", probe.toString(), "check").withEnvironment(Map.of(
        "PATH", bin + ":/usr/bin:/bin", "SLURMD_NODENAME", "n-1", "PCAGENT_NODES", "n-1", "PCAGENT_GPUS", expectation,
        "FAKE_GPUS", Integer.toString(gpus), "FAKE_MIGS", Integer.toString(migs)))).stdout();
    for (JsonNode check : JSON.readTree(out).path("checks")) {
      if (check.path("name").asText().equals("gpu")) {
        return check;
      }
    }
    throw new AssertionError("no gpu check in " + out);
  }

  @Test
  void physicalGpusAreCountedForAPlainGres() throws Exception {
    assertThat(gpuCheck("n-1:8:gpu", 8, 0).path("status").asText()).isEqualTo("ok");
    JsonNode short1 = gpuCheck("n-1:8:gpu", 7, 0);
    assertThat(short1.path("status").asText()).isEqualTo("fail");
    assertThat(short1.path("detail").asText()).isEqualTo("nvidia-smi -L lists 7 GPU devices, 8 expected (Gres)");
  }

  @Test
  void migDevicesNotPhysicalGpusAreCountedForAMigProfile() throws Exception {
    assertThat(gpuCheck("n-1:7:mig", 1, 7).path("status").asText()).isEqualTo("ok");
    JsonNode physical = gpuCheck("n-1:7:mig", 7, 0);
    assertThat(physical.path("status").asText()).as("7 GPUs without MIG are not 7 MIG devices").isEqualTo("fail");
    assertThat(physical.path("detail").asText()).isEqualTo("nvidia-smi -L lists 0 MIG devices, 7 expected (Gres)");
  }

  @Test
  void anotherNodesExpectationIsNotThisOnes() throws Exception {
    assertThat(gpuCheck("n-10:8:gpu", 0, 0).path("detail").asText()).isEqualTo("nvidia-smi -L lists 0 GPU devices");
  }
}
