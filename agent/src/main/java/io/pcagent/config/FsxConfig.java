package io.pcagent.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The FSx file systems whose lifecycle and data repository associations the agent follows through the AWS API.
 *
 * @param fileSystemIds file systems to follow (ParallelCluster's cluster-config.yaml adds its FSx for Lustre ones)
 * @param region the AWS region; empty: the SDK's default chain (on a head node, its instance metadata)
 * @param endpoint another FSx endpoint (a VPC endpoint, or a test server); empty: the region's
 * @param cadence how often FSx is asked (DescribeFileSystems and DescribeDataRepositoryAssociations are rate limited)
 */
public record FsxConfig(List<String> fileSystemIds, Optional<String> region, Optional<URI> endpoint, Duration cadence) {
  public static final FsxConfig NONE = new FsxConfig(List.of(), Optional.empty(), Optional.empty(), Duration.ofMinutes(5));

  public FsxConfig {
    fileSystemIds = List.copyOf(fileSystemIds);
  }
}
