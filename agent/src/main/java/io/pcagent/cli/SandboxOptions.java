package io.pcagent.cli;

import io.pcagent.error.PcagentException;
import io.pcagent.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options that name and shape a sandbox; shared by {@code sandbox} and {@code dev}. */
public final class SandboxOptions {
  /**
   * Not under the home folder: root's is private (0700) on Debian, and munged refuses a socket below a folder
   * others cannot traverse. The sandbox needs root anyway (slurmd).
   */
  static final Path DEFAULT_DIR = Path.of("/var/lib/pcluster-agent/sandbox");

  @Option(names = "--dir", description = "Folder that holds the sandbox's configuration, logs and state (default: ${DEFAULT-VALUE}).")
  Path dir = DEFAULT_DIR;

  @Option(names = "--nodes", description = "Static compute nodes (default: ${DEFAULT-VALUE}).")
  int nodes = 3;

  @Option(names = "--dynamic", description = "Dynamic (power-saving CLOUD) compute nodes (default: ${DEFAULT-VALUE}).")
  int dynamic = 2;

  @Option(names = "--suspend-time", description = "Idle seconds before a dynamic node powers down (default: ${DEFAULT-VALUE}).")
  int suspendTimeSeconds = (int) SandboxSpec.DEFAULT_SUSPEND_TIME.toSeconds();

  @Option(names = "--start-timeout", description = "Seconds to wait for every node to be ready (default: ${DEFAULT-VALUE}).")
  int startTimeoutSeconds = (int) SandboxSpec.DEFAULT_START_TIMEOUT.toSeconds();

  SandboxSpec spec() {
    try {
      return new SandboxSpec(dir, nodes, dynamic, Duration.ofSeconds(suspendTimeSeconds),
          Duration.ofSeconds(startTimeoutSeconds));
    } catch (IllegalArgumentException e) {
      throw PcagentException.usage(e.getMessage());
    }
  }
}
