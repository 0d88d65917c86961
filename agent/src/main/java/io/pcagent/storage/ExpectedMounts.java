package io.pcagent.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mounts to watch: the configured ones, and those of ParallelCluster's SharedStorage when the head node has its
 * cluster-config.yaml (the configuration wins where both name a mount point). FSx for Lustre and File Cache mount as
 * {@code lustre}; FSx for OpenZFS and ONTAP and EFS as {@code nfs4}; an EBS volume as whatever it was formatted with.
 */
public final class ExpectedMounts {
  private static final Logger LOG = LoggerFactory.getLogger(ExpectedMounts.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, String> TYPES = Map.of(
      "FsxLustre", "lustre", "FileCache", "lustre", "FsxOpenZfs", "nfs4", "FsxOntap", "nfs4", "Efs", "nfs4", "Ebs", "");

  private ExpectedMounts() {}

  public static Map<Path, String> of(StorageConfig config) {
    Map<Path, String> mounts = new LinkedHashMap<>(config.mounts());
    config.clusterConfig().filter(Files::isRegularFile).ifPresent(file -> fromClusterConfig(file).forEach(mounts::putIfAbsent));
    return mounts;
  }

  /** The watched mount points, sorted: the folders a smoke test checks every node shares when it is not told which. */
  public static List<String> sharedDirs(StorageConfig config) {
    return of(config).keySet().stream().map(Path::toString).sorted().toList();
  }

  static Map<Path, String> fromClusterConfig(Path file) {
    Map<Path, String> mounts = new LinkedHashMap<>();
    for (SharedStorageEntry storage : sharedStorage(file)) {
      String type = TYPES.get(storage.storageType());
      if (storage.mountDir().startsWith("/") && type != null) {
        mounts.put(Path.of(storage.mountDir()).normalize(), type);
      } else {
        LOG.warn("{}: SharedStorage entry {} left out (MountDir {}, StorageType {})", file, storage.name(), storage.mountDir(),
            storage.storageType());
      }
    }
    return mounts;
  }

  /** The SharedStorage entries of a ParallelCluster cluster-config.yaml; none when it cannot be read (logged). */
  public static List<SharedStorageEntry> sharedStorage(Path file) {
    List<SharedStorageEntry> entries = new ArrayList<>();
    try {
      JsonNode root = YAML.readTree(file.toFile());
      for (JsonNode storage : root == null ? YAML.createArrayNode() : root.path("SharedStorage")) {
        String id = storage.path("FsxLustreSettings").path("FileSystemId").asText("");
        entries.add(new SharedStorageEntry(storage.path("Name").asText("?"), storage.path("MountDir").asText(""),
            storage.path("StorageType").asText(""), id.isEmpty() ? Optional.empty() : Optional.of(id)));
      }
    } catch (IOException e) {
      LOG.warn("{} cannot be read, its SharedStorage is not watched: {}", file, e.getMessage());
    }
    return entries;
  }
}
