package io.pcagent.storage;

import java.util.Optional;

/**
 * One SharedStorage entry of ParallelCluster's cluster-config.yaml: its name, mount point, kind ({@code FsxLustre},
 * {@code FsxOpenZfs}, {@code Efs}, {@code Ebs}...) and, for FSx for Lustre, the file system id.
 */
public record SharedStorageEntry(String name, String mountDir, String storageType, Optional<String> fileSystemId) {}
