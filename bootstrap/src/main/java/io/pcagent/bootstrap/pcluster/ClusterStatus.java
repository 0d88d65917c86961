package io.pcagent.bootstrap.pcluster;

import java.util.List;
import java.util.Optional;

/**
 * What {@code pcluster describe-cluster} (or create) says of a cluster. {@code failures} are CREATE_FAILED's
 * reasons ({@code failureCode}, {@code failureReason}); the head node's instance id is there once it runs.
 */
public record ClusterStatus(String name, String clusterStatus, String stackStatus, Optional<String> version,
    Optional<String> headNodeInstanceId, List<Failure> failures) {

  public record Failure(String code, String reason) {}

  public ClusterStatus {
    failures = List.copyOf(failures);
  }

  public boolean inProgress() {
    return clusterStatus.endsWith("_IN_PROGRESS");
  }
}
