package io.pcagent.fsx;

import io.pcagent.config.FsxConfig;
import io.pcagent.config.StorageConfig;
import io.pcagent.storage.ExpectedMounts;
import io.pcagent.storage.SharedStorageEntry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The FSx file systems to follow: the configured ones, then the FSx for Lustre ones of ParallelCluster's SharedStorage. */
public final class ExpectedFileSystems {
  private ExpectedFileSystems() {}

  public static List<String> of(FsxConfig fsx, StorageConfig storage) {
    List<String> ids = new ArrayList<>(fsx.fileSystemIds());
    storage.clusterConfig().filter(Files::isRegularFile).ifPresent(file -> ExpectedMounts.sharedStorage(file).stream()
        .map(SharedStorageEntry::fileSystemId).flatMap(Optional::stream)
        .filter(id -> !ids.contains(id)).forEach(ids::add));
    return ids;
  }
}
