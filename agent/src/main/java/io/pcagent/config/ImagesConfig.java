package io.pcagent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Enroot images the agent imports and lists.
 *
 * @param dir where images live, one {@code NAME.sqsh} each: a shared file system every node reads (ParallelCluster: /fsx)
 * @param workDir the head node's folder for enroot's cache, data, runtime and temporary files during imports
 * @param enroot the enroot program
 * @param concurrentImports how many imports run at once (each downloads layers and runs mksquashfs)
 * @param importTimeout an import still running after this long is stopped and failed
 * @param environment more environment for enroot (ENROOT_* settings, proxies), over the head node's enroot.conf
 */
public record ImagesConfig(Path dir, Path workDir, String enroot, int concurrentImports, Duration importTimeout,
    Map<String, String> environment) {
  public static final ImagesConfig DEFAULTS = new ImagesConfig(Path.of("/fsx/enroot/images"),
      Path.of("/var/cache/pcluster-agent/enroot"), "enroot", 2, Duration.ofHours(2), Map.of());

  public ImagesConfig {
    environment = Map.copyOf(new TreeMap<>(environment));
  }

  public ImagesConfig withDirs(Path images, Path work) {
    return new ImagesConfig(images, work, enroot, concurrentImports, importTimeout, environment);
  }

  public ImagesConfig withEnvironment(Map<String, String> more) {
    return new ImagesConfig(dir, workDir, enroot, concurrentImports, importTimeout, more);
  }
}
