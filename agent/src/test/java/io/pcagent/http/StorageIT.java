package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pcagent.config.StorageConfig;
import io.pcagent.exec.Command;
import io.pcagent.exec.CommandRunner;
import io.pcagent.mount.MountEntry;
import io.pcagent.mount.MountTable;
import io.pcagent.storage.Hostnames;
import io.pcagent.testing.RunningAgent;
import io.pcagent.testing.SandboxCluster;
import io.pcagent.testing.SandboxExtension;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared file systems over real mounts: the sandbox's FUSE mounts (bindfs), hung for real by stopping their
 * bindfs process, and tmpfs mounts this test makes, read-only and full.
 */
@ExtendWith(SandboxExtension.class)
class StorageIT {
  private static final Path BASE = Path.of("target", "it-storage").toAbsolutePath();
  private final CommandRunner runner = new CommandRunner();

  private static JsonNode mount(RunningAgent agent, Path mountPoint) throws Exception {
    for (JsonNode mount : RunningAgent.parse(agent.get("/v1/storage").body()).path("mounts")) {
      if (mount.path("mountPoint").asText().equals(mountPoint.toString())) {
        return mount;
      }
    }
    throw new AssertionError("no mount " + mountPoint + " in /v1/storage");
  }

  private static JsonNode awaitMount(RunningAgent agent, Path mountPoint, String state, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode mount = mount(agent, mountPoint);
    while (!mount.path("state").asText().equals(state)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(mountPoint + " not " + state + " within " + timeout + ": " + mount);
      }
      Thread.sleep(100);
      mount = mount(agent, mountPoint);
    }
    return mount;
  }

  @Test
  void theSharedMountsAreMeasuredAsDfMeasuresThem(SandboxCluster cluster) throws Exception {
    Path fsx = cluster.layout().sharedFsx();
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty())) {
      JsonNode mount = awaitMount(agent, fsx, "ok", Duration.ofSeconds(10));
      long size = Long.parseLong(runner.run(Command.of("df", "--block-size=1", "--output=size", fsx.toString()))
          .stdout().lines().skip(1).findFirst().orElseThrow().strip());

      assertThat(mount.path("type").asText()).isEqualTo("fuse");
      assertThat(mount.path("source").asText()).isEqualTo(cluster.layout().storage().resolve("fsx").toString());
      assertThat(mount.path("sizeBytes").asLong()).isEqualTo(size);
      assertThat(mount.path("inodesTotal").asLong()).isPositive();
      assertThat(mount.path("probeSeconds").asDouble()).isPositive();
      assertThat(mount.path("why").asText()).matches("\\d+% used, probe \\d+ ms");
      // the probe's result is in /v1/storage as soon as it is in, and in /metrics once its listeners have run
      String metrics = agent.await("/metrics", r -> r.body().contains("pcagent_fs_probe_seconds{mount=\"" + fsx + "\"} "),
          Duration.ofSeconds(10)).body();
      assertThat(metrics).contains("pcagent_fs_size_bytes{fstype=\"fuse\",mount=\"" + fsx + "\"} ",
          "pcagent_fs_inodes_total{mount=\"" + fsx + "\"} ", "pcagent_fs_probe_seconds{mount=\"" + fsx + "\"} ",
          "pcagent_check_up{check=\"storage:" + fsx + "\"} 1.0");
      assertThat(Files.list(fsx.resolve(".pcluster-agent"))).as("the probe file is deleted after each probe").isEmpty();
    }
  }

  @Test
  void aHungMountFailsWithinItsTimeoutWhileTheApiKeepsAnsweringAndRecoversWhenItReturns(SandboxCluster cluster) throws Exception {
    Path fsx = cluster.layout().sharedFsx();
    String bindfs = Files.readString(cluster.layout().bindfsPidFile("fsx")).strip();
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty())) {
      awaitMount(agent, fsx, "ok", Duration.ofSeconds(10));
      long stopped = System.nanoTime();
      runner.run(Command.of("kill", "-STOP", bindfs));
      try {
        JsonNode hung = awaitMount(agent, fsx, "failing", Duration.ofSeconds(10));
        Duration detected = Duration.ofNanos(System.nanoTime() - stopped);

        assertThat(hung.path("why").asText()).startsWith("probe did not return in 2 s (hung since ");
        // the 2 s probe timeout and the 1 s cadence, with room for a loaded machine: a probe without a timeout never ends
        assertThat(detected).as("within the 2 s timeout and a 1 s cadence").isLessThan(Duration.ofSeconds(8));
        long slowest = 0;
        for (int i = 0; i < 20; i++) {
          long started = System.nanoTime();
          HttpResponse<String> nodes = agent.get("/v1/nodes");
          slowest = Math.max(slowest, System.nanoTime() - started);
          assertThat(nodes.statusCode()).isEqualTo(200);
        }
        // a request that touched the hung mount would wait as long as the hang, which outlasts these requests
        assertThat(Duration.ofNanos(slowest)).as("slowest /v1/nodes during the hang").isLessThan(Duration.ofSeconds(5));
        assertThat(agent.get("/v1/health").body()).contains("storage:" + fsx, "probe did not return in 2 s");
        assertThat(mount(agent, cluster.layout().sharedHome()).path("state").asText()).as("the other mount").isEqualTo("ok");
      } finally {
        runner.run(Command.of("kill", "-CONT", bindfs));
      }
      JsonNode back = awaitMount(agent, fsx, "ok", Duration.ofSeconds(10));
      assertThat(back.path("why").asText()).contains("% used");
    }
  }

  @Test
  void missingReadOnlyWrongTypeAndFullAreNamedWithWhatWasFound(SandboxCluster cluster) throws Exception {
    Path tmpfs = Files.createDirectories(BASE.resolve("tmpfs"));
    Path missing = Files.createDirectories(BASE.resolve("not-mounted"));
    runner.runAllowingFailure(Command.of("umount", tmpfs.toString()));
    runner.run(Command.of("mount", "-t", "tmpfs", "-o", "size=1m", "pcagent-it", tmpfs.toString()));
    Map<Path, String> mounts = new LinkedHashMap<>();
    mounts.put(tmpfs, "tmpfs");
    mounts.put(missing, "nfs4");
    mounts.put(cluster.layout().sharedHome(), "lustre");
    StorageConfig storage = new StorageConfig(mounts, Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(2), 50, 90);
    try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty(), storage)) {
      assertThat(awaitMount(agent, tmpfs, "ok", Duration.ofSeconds(10)).path("why").asText()).startsWith("0% used");
      assertThat(mount(agent, missing).path("why").asText()).isEqualTo("not mounted (a nfs4 file system is expected here)");
      assertThat(mount(agent, missing).path("state").asText()).isEqualTo("failing");
      assertThat(mount(agent, cluster.layout().sharedHome()).path("why").asText())
          .isEqualTo("mounted as fuse from " + cluster.layout().storage().resolve("home") + ", lustre expected");

      Files.write(tmpfs.resolve("ballast"), new byte[640 * 1024]);
      assertThat(awaitMount(agent, tmpfs, "degraded", Duration.ofSeconds(10)).path("why").asText())
          .matches("6\\d% used \\(warn from 50%\\), probe \\d+ ms");

      runner.run(Command.of("mount", "-o", "remount,ro", tmpfs.toString()));
      assertThat(awaitMount(agent, tmpfs, "failing", Duration.ofSeconds(10)).path("why").asText())
          .startsWith("mounted read-only (ro,").endsWith("), read-write expected");
      assertThat(agent.get("/v1/health").statusCode()).as("failing checks make /v1/health 503").isEqualTo(503);
    } finally {
      runner.runAllowingFailure(Command.of("umount", tmpfs.toString()));
    }
  }

  /**
   * What the agent's unit sees (ProtectSystem=strict, ProtectHome=read-only): every mount a read-only bind of a
   * read-write file system, and its probe folder bound writable again (ReadWritePaths=, written by prepare). That is
   * healthy; without the writable probe folder, the probe's write fails with EROFS and says so.
   */
  @Test
  void aReadOnlyViewOfAReadWriteFileSystemIsHealthyWhenTheProbeFolderIsWritable(SandboxCluster cluster) throws Exception {
    Path tmpfs = Files.createDirectories(BASE.resolve("rw-fs"));
    Path view = Files.createDirectories(BASE.resolve("ro-view"));
    Path bare = Files.createDirectories(BASE.resolve("ro-view-without-probe-folder"));
    unmount(List.of(view.resolve(".pcluster-agent"), view, bare, tmpfs));
    try {
      runner.run(Command.of("mount", "-t", "tmpfs", "-o", "size=1m", "pcagent-it-rw", tmpfs.toString()));
      Files.createDirectories(tmpfs.resolve(".pcluster-agent"));
      for (Path readOnlyView : List.of(view, bare)) {
        runner.run(Command.of("mount", "--bind", tmpfs.toString(), readOnlyView.toString()));
        runner.run(Command.of("mount", "-o", "remount,bind,ro", readOnlyView.toString()));
      }
      runner.run(Command.of("mount", "--bind", tmpfs.resolve(".pcluster-agent").toString(), view.resolve(".pcluster-agent").toString()));
      MountEntry seen = MountTable.find(MountTable.ofSelf(), view).orElseThrow();
      assertThat(seen.readOnly()).as("the emulation took effect: the view is read-only").isTrue();
      assertThat(seen.fileSystemReadOnly()).isFalse();
      assertThatThrownBy(() -> Files.writeString(view.resolve("x"), "x")).hasMessageContaining("Read-only file system");

      Map<Path, String> mounts = new LinkedHashMap<>();
      mounts.put(view, "tmpfs");
      mounts.put(bare, "tmpfs");
      StorageConfig storage = new StorageConfig(mounts, Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(2), 80, 90);
      try (RunningAgent agent = RunningAgent.start(cluster, OptionalInt.empty(), storage)) {
        assertThat(awaitMount(agent, view, "ok", Duration.ofSeconds(10)).path("why").asText()).startsWith("0% used");
        assertThat(awaitMount(agent, bare, "failing", Duration.ofSeconds(10)).path("why").asText()).isEqualTo("read-only: "
            + "writing " + bare.resolve(".pcluster-agent/probe-" + Hostnames.safeShortName()) + " failed with EROFS, "
            + "read-write expected");

        runner.run(Command.of("mount", "-o", "remount,ro", tmpfs.toString()));
        assertThat(awaitMount(agent, view, "failing", Duration.ofSeconds(10)).path("why").asText())
            .as("the file system itself read-only").startsWith("mounted read-only (ro,").endsWith("), read-write expected");
      }
    } finally {
      unmount(List.of(view.resolve(".pcluster-agent"), view, bare, tmpfs));
    }
  }

  private void unmount(List<Path> mountPoints) throws Exception {
    for (Path mountPoint : mountPoints) {
      runner.runAllowingFailure(Command.of("umount", mountPoint.toString()));
    }
  }
}
