package io.pcagent.fsx;

import io.pcagent.concurrent.DaemonThreads;
import io.pcagent.health.CheckResult;
import io.pcagent.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.DataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.DescribeDataRepositoryAssociationsRequest;
import software.amazon.awssdk.services.fsx.model.DescribeDataRepositoryAssociationsResponse;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.Filter;
import software.amazon.awssdk.services.fsx.model.FilterName;

/**
 * The FSx file systems of the cluster and their data repository associations, as the FSx API reports them, on a
 * slow cadence (these APIs are rate limited). Anything but AVAILABLE is a failing check carrying AWS's own message;
 * a refusal (AccessDenied), throttling that outlasts the SDK's retries, or no answer is degraded with the AWS error
 * code, never a crash, and the last known state is kept.
 */
public final class FsxMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FsxMonitor.class);
  public static final String CHECK = "fsx";

  private final List<String> fileSystemIds;
  private final Supplier<FSxClient> client;
  private final Duration cadence;
  private final Clock clock;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fsx"));
  private final List<Consumer<FsxSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile FsxSnapshot snapshot = FsxSnapshot.NOT_YET;
  private FSxClient fsx;

  public FsxMonitor(List<String> fileSystemIds, Supplier<FSxClient> client, Duration cadence, Clock clock) {
    this.fileSystemIds = List.copyOf(fileSystemIds);
    this.client = client;
    this.cadence = cadence;
    this.clock = clock;
  }

  public void start() {
    if (!fileSystemIds.isEmpty()) {
      ticker.scheduleWithFixedDelay(this::refreshQuietly, 0, cadence.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  public void onUpdate(Consumer<FsxSnapshot> listener) {
    listeners.add(listener);
  }

  public FsxSnapshot snapshot() {
    return snapshot;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.error("FSx refresh failed unexpectedly", e);
    }
  }

  /** One round of DescribeFileSystems and DescribeDataRepositoryAssociations (every page). */
  public FsxSnapshot refresh() {
    Instant now = clock.instant();
    FsxSnapshot next;
    try {
      if (fsx == null) {
        fsx = client.get();
      }
      List<FileSystem> fileSystems = fsx.describeFileSystems(b -> b.fileSystemIds(fileSystemIds)).fileSystems();
      List<DataRepositoryAssociation> associations = new ArrayList<>();
      String token = null;
      do {
        String page = token;
        DescribeDataRepositoryAssociationsResponse response = fsx.describeDataRepositoryAssociations(
            DescribeDataRepositoryAssociationsRequest.builder()
                .filters(Filter.builder().name(FilterName.FILE_SYSTEM_ID).values(fileSystemIds).build())
                .nextToken(page).build());
        associations.addAll(response.associations());
        token = response.nextToken();
      } while (token != null && !token.isEmpty());
      next = new FsxSnapshot(fileSystems.stream().map(FsxSnapshot.FileSystemState::of).toList(),
          associations.stream().map(FsxSnapshot.AssociationState::of).toList(), Optional.empty(), Optional.of(now));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      next = snapshot.failed(code + ": " + message);
    } catch (SdkException e) {
      next = snapshot.failed("no answer from FSx: " + e.getMessage());
    }
    if (next.error().isPresent() && !next.error().equals(snapshot.error())) {
      LOG.warn("FSx: {}", next.error().get());
    }
    snapshot = next;
    FsxSnapshot published = next;
    listeners.forEach(listener -> listener.accept(published));
    return next;
  }

  /** A check per file system ({@code fsx:ID}) and per association ({@code dra:ID}), or one degraded {@code fsx} check. */
  public List<CheckResult> checks() {
    if (fileSystemIds.isEmpty()) {
      return List.of();
    }
    FsxSnapshot current = snapshot;
    List<CheckResult> checks = new ArrayList<>();
    if (current.error().isPresent() || current.lastSuccess().isEmpty()) {
      checks.add(new CheckResult(CHECK, HealthStatus.DEGRADED, current.error().map(e -> "FSx cannot be asked: " + e)
          .orElse("FSx not asked yet") + current.lastSuccess().map(t -> " (last answer " + t + ")").orElse(""), List.of()));
    }
    for (FsxSnapshot.FileSystemState fs : current.fileSystems()) {
      boolean available = fs.lifecycle().equals("AVAILABLE");
      checks.add(new CheckResult("fsx:" + fs.id(), available ? HealthStatus.OK : HealthStatus.FAILING,
          fs.id() + " (" + fs.type() + fs.deploymentType().map(d -> " " + d).orElse("") + ", " + fs.storageCapacityGib()
              + " GiB) " + fs.lifecycle() + fs.failure().map(f -> ": " + f).orElse(""), List.of()));
    }
    for (FsxSnapshot.AssociationState dra : current.associations()) {
      boolean available = dra.lifecycle().equals("AVAILABLE");
      checks.add(new CheckResult("dra:" + dra.id(), available ? HealthStatus.OK : HealthStatus.FAILING,
          dra.fileSystemPath() + " <-> " + dra.dataRepositoryPath() + " " + dra.lifecycle() + dra.failure().map(f -> ": " + f).orElse(""),
          List.of()));
    }
    return checks;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (fsx != null) {
      fsx.close();
    }
  }
}
