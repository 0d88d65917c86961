package io.pcagent.bootstrap.fsx;

import java.util.Optional;

/** A data repository association between a path of an FSx for Lustre file system and an S3 location. */
public record Association(String id, String fileSystemId, String fileSystemPath, String repositoryPath, String lifecycle,
    Optional<String> failure) {

  public boolean settling() {
    return lifecycle.equals("CREATING") || lifecycle.equals("UPDATING");
  }

  public boolean available() {
    return lifecycle.equals("AVAILABLE");
  }
}
