package io.pcagent.fsx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.config.FsxConfig;
import io.pcagent.health.CheckResult;
import io.pcagent.health.HealthStatus;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real FSx SDK client against the local server that speaks FSx's JSON 1.1 (AWS cannot be reached from here). */
class FsxMonitorTest {
  private static final String LUSTRE = "fs-0123456789abcdef0";
  private static final String ZFS = "fs-0fedcba9876543210";
  private FakeAws aws;
  private FsxMonitor monitor;

  @BeforeEach
  void start() throws Exception {
    TestCredentials.present();
    aws = new FakeAws();
    FsxConfig config = new FsxConfig(List.of(LUSTRE, ZFS), Optional.of("ap-northeast-1"), Optional.of(aws.endpoint()),
        Duration.ofMinutes(5));
    monitor = new FsxMonitor(config.fileSystemIds(), () -> FsxClients.of(config), config.cadence(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    monitor.close();
    aws.close();
  }

  private CheckResult check(String name) {
    return monitor.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
        () -> new AssertionError("no check " + name + " in " + monitor.checks()));
  }

  @Test
  void availableFileSystemsAndAssociationsAreOkAndTheRequestsAreWhatFsxExpects() {
    aws.fsx.fileSystem(LUSTRE, "LUSTRE", "AVAILABLE", null);
    aws.fsx.fileSystem(ZFS, "OPENZFS", "AVAILABLE", null);
    aws.fsx.association(LUSTRE, "dra-0123456789abcdef0", "/data", "s3://ml-cluster-data", "AVAILABLE", null);

    FsxSnapshot snapshot = monitor.refresh();

    assertThat(snapshot.error()).isEmpty();
    assertThat(monitor.checks()).extracting(CheckResult::name, CheckResult::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("fsx:" + LUSTRE, HealthStatus.OK),
        org.assertj.core.groups.Tuple.tuple("fsx:" + ZFS, HealthStatus.OK),
        org.assertj.core.groups.Tuple.tuple("dra:dra-0123456789abcdef0", HealthStatus.OK));
    assertThat(check("fsx:" + LUSTRE).detail()).isEqualTo(LUSTRE + " (LUSTRE PERSISTENT_2, 1200 GiB) AVAILABLE");
    assertThat(check("dra:dra-0123456789abcdef0").detail()).isEqualTo("/data <-> s3://ml-cluster-data AVAILABLE");
    assertThat(aws.calls()).extracting(FakeAws.Call::service, FakeAws.Call::region, FakeAws.Call::operation).containsExactly(
        org.assertj.core.groups.Tuple.tuple("fsx", "ap-northeast-1", "DescribeFileSystems"),
        org.assertj.core.groups.Tuple.tuple("fsx", "ap-northeast-1", "DescribeDataRepositoryAssociations"));
    assertThat(aws.calls().get(0).detail()).contains("\"FileSystemIds\":[\"" + LUSTRE + "\",\"" + ZFS + "\"]");
    assertThat(aws.calls().get(1).detail()).contains("\"Name\":\"file-system-id\"", "\"Values\":[\"" + LUSTRE + "\",\"" + ZFS + "\"]");
  }

  @Test
  void anythingButAvailableIsFailingWithAwsMessage() {
    aws.fsx.fileSystem(LUSTRE, "LUSTRE", "MISCONFIGURED", "The file system's security group does not allow inbound Lustre traffic.");
    aws.fsx.fileSystem(ZFS, "OPENZFS", "FAILED", "Insufficient capacity in ap-northeast-1a.");
    aws.fsx.association(LUSTRE, "dra-0aaaaaaaaaaaaaaaa", "/data", "s3://ml-cluster-data", "MISCONFIGURED",
        "Amazon FSx does not have permissions to access the S3 bucket ml-cluster-data.");

    monitor.refresh();

    assertThat(check("fsx:" + LUSTRE).status()).isEqualTo(HealthStatus.FAILING);
    assertThat(check("fsx:" + LUSTRE).detail())
        .endsWith("MISCONFIGURED: The file system's security group does not allow inbound Lustre traffic.");
    assertThat(check("fsx:" + ZFS).detail()).endsWith("FAILED: Insufficient capacity in ap-northeast-1a.");
    assertThat(check("dra:dra-0aaaaaaaaaaaaaaaa").detail()).isEqualTo("/data <-> s3://ml-cluster-data MISCONFIGURED: "
        + "Amazon FSx does not have permissions to access the S3 bucket ml-cluster-data.");
  }

  @Test
  void throttlingIsRetriedByTheSdkAndThenFine() {
    aws.fsx.fileSystem(LUSTRE, "LUSTRE", "AVAILABLE", null);
    aws.fsx.fileSystem(ZFS, "OPENZFS", "AVAILABLE", null);
    aws.throttle("DescribeFileSystems", 2);

    assertThat(monitor.refresh().error()).isEmpty();
    assertThat(aws.operations()).containsExactly("DescribeFileSystems", "DescribeFileSystems", "DescribeFileSystems",
        "DescribeDataRepositoryAssociations");
  }

  @Test
  void accessDeniedIsDegradedWithTheAwsCodeAndTheLastKnownStateIsKept() {
    aws.fsx.fileSystem(LUSTRE, "LUSTRE", "AVAILABLE", null);
    aws.fsx.fileSystem(ZFS, "OPENZFS", "AVAILABLE", null);
    monitor.refresh();
    aws.fsx.deny("DescribeDataRepositoryAssociations");

    FsxSnapshot snapshot = monitor.refresh();

    assertThat(snapshot.error()).hasValueSatisfying(e -> assertThat(e).startsWith("AccessDeniedException: User: "));
    CheckResult fsx = check(FsxMonitor.CHECK);
    assertThat(fsx.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(fsx.detail()).startsWith("FSx cannot be asked: AccessDeniedException: ").contains("(last answer ");
    assertThat(check("fsx:" + LUSTRE).status()).as("kept from the last answer").isEqualTo(HealthStatus.OK);
  }

  @Test
  void noAnswerIsDegradedNotACrash() {
    aws.close();

    assertThat(monitor.refresh().error()).hasValueSatisfying(e -> assertThat(e).startsWith("no answer from FSx: "));
    assertThat(check(FsxMonitor.CHECK).detail()).startsWith("FSx cannot be asked: no answer from FSx: ");
  }

  /** With instance metadata closed to the agent's user (Imds.Secured), the region comes from the head node's cfnconfig. */
  @Test
  void withoutAConfiguredRegionTheHeadNodesCfnRegionIsUsed(@TempDir Path dir) throws Exception {
    Path cfnconfig = Files.writeString(dir.resolve("cfnconfig"),
        "stack_name=ml-cluster\ncfn_region=eu-west-1\ncfn_node_type=HeadNode\ncfn_cluster_user=ubuntu\n");
    FsxConfig unset = new FsxConfig(List.of(LUSTRE), Optional.empty(), Optional.of(aws.endpoint()), Duration.ofMinutes(5));
    aws.fsx.fileSystem(LUSTRE, "LUSTRE", "AVAILABLE", null);

    try (FsxMonitor fromCfnconfig = new FsxMonitor(unset.fileSystemIds(), () -> FsxClients.of(unset, cfnconfig),
        unset.cadence(), Clock.systemUTC())) {
      assertThat(fromCfnconfig.refresh().error()).isEmpty();
    }

    assertThat(aws.calls()).extracting(FakeAws.Call::region).containsOnly("eu-west-1");
  }
}
