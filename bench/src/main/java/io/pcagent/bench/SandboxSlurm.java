package io.pcagent.bench;

import io.pcagent.slurm.SlurmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The Slurm of a running sandbox, from its slurm.conf: DIR/opt/slurm/etc/slurm.conf, the programs in DIR/opt/slurm/bin. */
final class SandboxSlurm {
  private SandboxSlurm() {}

  static SlurmSettings config(Path slurmConf) {
    Path bin = slurmConf.toAbsolutePath().getParent().resolveSibling("bin");
    return new SlurmSettings(bin, Optional.of(slurmConf), Duration.ofSeconds(30), 1 << 20);
  }
}
