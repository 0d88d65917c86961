package io.pcagent.storage;

import io.pcagent.health.HealthStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One expected mount as the agent last saw it.
 *
 * @param expectedType the file system type it must have ({@code lustre}, {@code nfs4}...); empty: any
 * @param mounted what mountinfo says is mounted there, if anything
 * @param stats the last statvfs that returned
 * @param probeLatency how long the last probe took
 * @param why what is wrong, for a status other than ok
 */
public record MountStatus(Path mountPoint, Optional<String> expectedType, Optional<Mounted> mounted, Optional<FsStats> stats,
    Optional<Duration> probeLatency, HealthStatus status, String why) {
  /** What is mounted at the mount point. */
  public record Mounted(String source, String type, List<String> options) {}
}
