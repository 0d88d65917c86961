package io.pcagent.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The container stack of a ParallelCluster node, when this host has it (scripts/install-container-stack.sh): Pyxis
 * loaded by every slurmd and srun from the sandbox's plugstack.conf, Enroot configured per node by node-boot.sh.
 */
final class Containers {
  static final Path PYXIS = Path.of("/usr/local/lib/slurm/spank_pyxis.so");

  private Containers() {}

  static boolean pyxisInstalled() {
    return Files.isRegularFile(PYXIS);
  }

  /**
   * plugstack.conf: Pyxis with its runtime folder, and enroot load (the nodes would race on one import file for a
   * docker:// image otherwise); empty without Pyxis.
   */
  static String plugstack(SandboxLayout layout) throws IOException {
    if (!pyxisInstalled()) {
      return "";
    }
    Files.createDirectories(layout.pyxisRuntime());
    return "required " + PYXIS + " runtime_path=" + layout.pyxisRuntime() + " use_enroot_load=1\n";
  }
}
