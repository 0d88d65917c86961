package io.pcagent.bootstrap.fsx;

import static io.pcagent.bootstrap.aws.AwsCalls.call;

import io.pcagent.cli.ProgressLine;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.CreateDataRepositoryAssociationRequest;
import software.amazon.awssdk.services.fsx.model.DataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.EventType;
import software.amazon.awssdk.services.fsx.model.Filter;
import software.amazon.awssdk.services.fsx.model.S3DataRepositoryConfiguration;

/**
 * Data repository associations (DRA) of an FSx for Lustre file system, as the hands-on creates one: the file
 * system's /data linked to the bucket, new, changed and deleted objects imported and exported automatically,
 * the bucket's metadata imported once at creation.
 */
public final class Associations {
  private static final List<EventType> ALL_EVENTS = List.of(EventType.NEW, EventType.CHANGED, EventType.DELETED);

  private final FSxClient fsx;
  private final Clock clock;
  private final Duration poll;

  public Associations(FSxClient fsx, Clock clock, Duration poll) {
    this.fsx = fsx;
    this.clock = clock;
    this.poll = poll;
  }

  /** The request CreateDataRepositoryAssociation is sent; also what {@code --dry-run} prints. */
  public static CreateDataRepositoryAssociationRequest createRequest(String fileSystemId, String path, String bucket) {
    return CreateDataRepositoryAssociationRequest.builder()
        .fileSystemId(fileSystemId)
        .fileSystemPath(path)
        .dataRepositoryPath("s3://" + bucket)
        .batchImportMetaDataOnCreate(true)
        .s3(S3DataRepositoryConfiguration.builder()
            .autoImportPolicy(p -> p.events(ALL_EVENTS))
            .autoExportPolicy(p -> p.events(ALL_EVENTS))
            .build())
        .build();
  }

  /** Every association of the file system. */
  public List<Association> list(String fileSystemId) {
    return call("DescribeDataRepositoryAssociations", () -> fsx.describeDataRepositoryAssociationsPaginator(
            r -> r.filters(Filter.builder().name("file-system-id").values(fileSystemId).build()))
        .stream().flatMap(page -> page.associations().stream()).map(Associations::association).toList());
  }

  public Optional<Association> at(String fileSystemId, String path) {
    return list(fileSystemId).stream().filter(a -> a.fileSystemPath().equals(path)).findFirst();
  }

  public Association create(CreateDataRepositoryAssociationRequest request) {
    return association(call("CreateDataRepositoryAssociation", () -> fsx.createDataRepositoryAssociation(request)).association());
  }

  /** Polls until the association is no longer CREATING or UPDATING. */
  public Association await(Association association, ProgressLine line) throws InterruptedException {
    Instant started = clock.instant();
    Association now = association;
    try {
      while (true) {
        line.show(String.format("%s %s -> %s: %s  %s", now.id(), now.fileSystemPath(), now.repositoryPath(), now.lifecycle(),
            ProgressLine.elapsed(Duration.between(started, clock.instant()))));
        if (!now.settling()) {
          return now;
        }
        Thread.sleep(poll.toMillis());
        String id = now.id();
        now = call("DescribeDataRepositoryAssociations", () -> fsx.describeDataRepositoryAssociations(r -> r.associationIds(id)))
            .associations().stream().findFirst().map(Associations::association)
            .orElseThrow(() -> new PcagentException(ExitCode.FAILURE, "association " + id + " vanished"));
      }
    } finally {
      line.done();
    }
  }

  private static Association association(DataRepositoryAssociation a) {
    return new Association(a.associationId(), a.fileSystemId(), a.fileSystemPath(), a.dataRepositoryPath(),
        a.lifecycleAsString(), Optional.ofNullable(a.failureDetails()).map(f -> f.message()));
  }
}
