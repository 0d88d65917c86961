package io.pcagent.fsx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.fsx.model.DataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.FileSystem;

/**
 * What FSx last said of the cluster's file systems and associations; a failed ask keeps them, with the error.
 */
public record FsxSnapshot(List<FileSystemState> fileSystems, List<AssociationState> associations, Optional<String> error,
    Optional<Instant> lastSuccess) {
  static final FsxSnapshot NOT_YET = new FsxSnapshot(List.of(), List.of(), Optional.empty(), Optional.empty());

  public FsxSnapshot {
    fileSystems = List.copyOf(fileSystems);
    associations = List.copyOf(associations);
  }

  FsxSnapshot failed(String why) {
    return new FsxSnapshot(fileSystems, associations, Optional.of(why), lastSuccess);
  }

  /** One file system: id, type (LUSTRE, OPENZFS...), lifecycle, capacity, Lustre deployment type, AWS's failure message. */
  public record FileSystemState(String id, String type, String lifecycle, int storageCapacityGib, Optional<String> deploymentType,
      Optional<String> failure) {
    static FileSystemState of(FileSystem fs) {
      return new FileSystemState(fs.fileSystemId(), fs.fileSystemTypeAsString(), fs.lifecycleAsString(),
          fs.storageCapacity() == null ? 0 : fs.storageCapacity(),
          Optional.ofNullable(fs.lustreConfiguration()).map(l -> l.deploymentTypeAsString()),
          Optional.ofNullable(fs.failureDetails()).map(f -> f.message()));
    }
  }

  /** One data repository association: which folder of which file system, linked to which repository, in what state. */
  public record AssociationState(String id, String fileSystemId, String fileSystemPath, String dataRepositoryPath, String lifecycle,
      Optional<String> failure) {
    static AssociationState of(DataRepositoryAssociation dra) {
      return new AssociationState(dra.associationId(), dra.fileSystemId(), dra.fileSystemPath(), dra.dataRepositoryPath(),
          dra.lifecycleAsString(), Optional.ofNullable(dra.failureDetails()).map(f -> f.message()));
    }
  }
}
