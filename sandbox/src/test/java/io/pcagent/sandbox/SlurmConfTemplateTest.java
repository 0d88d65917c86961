package io.pcagent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlurmConfTemplateTest {
  private static final Map<String, Integer> PORTS = Map.of(
      "compute-gpu-st-distributed-ml-1", 40001,
      "compute-gpu-st-distributed-ml-2", 40002,
      "compute-gpu-dy-distributed-ml-1", 40003);

  @Test
  void staticAndDynamicNodesMatchTheGoldenFile() throws IOException {
    SandboxSpec spec = new SandboxSpec(Path.of("/var/sbx"), 2, 1, Duration.ofSeconds(30), Duration.ofSeconds(60));

    assertThat(SlurmConfTemplate.render(spec, "head", 40000, PORTS)).isEqualTo(golden("static-and-dynamic.conf"));
  }

  @Test
  void staticOnlyHasNoPowerSaving() throws IOException {
    SandboxSpec spec = new SandboxSpec(Path.of("/var/sbx"), 2, 0, Duration.ofSeconds(30), Duration.ofSeconds(60));

    assertThat(SlurmConfTemplate.render(spec, "head", 40000, PORTS)).isEqualTo(golden("static-only.conf"));
  }

  @Test
  void everyNodeNeedsAPort() {
    SandboxSpec spec = new SandboxSpec(Path.of("/var/sbx"), 3, 0, Duration.ofSeconds(30), Duration.ofSeconds(60));

    assertThatThrownBy(() -> SlurmConfTemplate.render(spec, "head", 40000, PORTS))
        .hasMessage("no port for node compute-gpu-st-distributed-ml-3");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = SlurmConfTemplateTest.class.getResourceAsStream("SlurmConfTemplateTest/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
