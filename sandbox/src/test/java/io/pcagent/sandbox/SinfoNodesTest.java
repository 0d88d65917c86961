package io.pcagent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SinfoNodesTest {
  private final SandboxSpec spec = new SandboxSpec(
      Path.of("/tmp/sandbox"), 2, 1, SandboxSpec.DEFAULT_SUSPEND_TIME, SandboxSpec.DEFAULT_START_TIMEOUT);

  @Test
  void readyWhenStaticNodesAreIdleAndDynamicNodesPoweredDown() {
    SinfoNodes nodes = SinfoNodes.parse("""
        compute-gpu-dy-distributed-ml-1 idle~
        compute-gpu-st-distributed-ml-1 idle
        compute-gpu-st-distributed-ml-2 idle
        """);

    assertThat(nodes.ready(spec)).isTrue();
  }

  @Test
  void respondingAcceptsBusyNodesButNotDownOrSilentOnes() {
    assertThat(SinfoNodes.parse("compute-gpu-st-distributed-ml-1 mix\ncompute-gpu-st-distributed-ml-2 alloc\n").responding(spec)).isTrue();
    assertThat(SinfoNodes.parse("compute-gpu-st-distributed-ml-1 idle*\ncompute-gpu-st-distributed-ml-2 idle\n").responding(spec)).isFalse();
    assertThat(SinfoNodes.parse("compute-gpu-st-distributed-ml-1 down\ncompute-gpu-st-distributed-ml-2 idle\n").responding(spec)).isFalse();
    assertThat(SinfoNodes.parse("compute-gpu-st-distributed-ml-1 idle\n").responding(spec)).isFalse();
  }

  @Test
  void namesEveryNodeNotReadyWithItsState() {
    SinfoNodes nodes = SinfoNodes.parse("""
        compute-gpu-dy-distributed-ml-1 idle#
        compute-gpu-st-distributed-ml-1 down*

        """);

    assertThat(nodes.notReady(spec)).containsExactly(
        "compute-gpu-st-distributed-ml-1 down*",
        "compute-gpu-st-distributed-ml-2 missing",
        "compute-gpu-dy-distributed-ml-1 idle#");
  }
}
