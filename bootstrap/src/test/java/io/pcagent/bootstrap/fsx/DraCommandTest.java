package io.pcagent.bootstrap.fsx;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.bootstrap.BootstrapRun;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.TestCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dra create and status: the real SDK against the fake FSx (JSON 1.1, see FakeAws). */
class DraCommandTest {
  private static final String FS = "fs-002917c15943993c7";
  @TempDir Path dir;
  private FakeAws aws;

  @BeforeEach
  void setUp() throws Exception {
    TestCredentials.present();
    aws = new FakeAws();
    aws.fsx.fileSystem(FS);
    assertThat(run("init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1").exitCode()).isZero();
    assertThat(run("set", "FSxLustreFilesystemId=" + FS, "DATA_BUCKET_NAME=cluster-data-bucket-x-1").exitCode()).isZero();
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private BootstrapRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config-dir", dir.toString()));
    if (args[0].equals("dra")) {
      all.addAll(List.of("--endpoint-url", aws.endpoint().toString(), "--poll-seconds", "0"));
    }
    return BootstrapRun.of(all.toArray(String[]::new));
  }

  @Test
  void createsTheHandsOnsAssociationAndWaitsUntilAvailable() {
    BootstrapRun created = run("dra", "create");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).matches("(?s)association: dra-[0-9a-f]{17}\nfile_system: " + FS + "\npath: /data\n"
        + "repository: s3://cluster-data-bucket-x-1\nlifecycle: AVAILABLE\nreused: false\n");
    assertThat(created.err()).contains("/data -> s3://cluster-data-bucket-x-1: CREATING", "/data -> s3://cluster-data-bucket-x-1: AVAILABLE");
    Map<String, Object> association = aws.fsx.associations().get(0);
    assertThat(association).containsEntry("BatchImportMetaDataOnCreate", true).containsEntry("S3", Map.of(
        "AutoImportPolicy", Map.of("Events", List.of("NEW", "CHANGED", "DELETED")),
        "AutoExportPolicy", Map.of("Events", List.of("NEW", "CHANGED", "DELETED"))));
    assertThat(aws.calls()).allSatisfy(c -> assertThat(c.service()).isEqualTo("fsx"));

    BootstrapRun again = run("dra", "create");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("reused: true");
    assertThat(aws.operations().stream().filter("CreateDataRepositoryAssociation"::equals)).hasSize(1);
    assertThat(run("dra", "status").exitCode()).isZero();
  }

  @Test
  void aMisconfiguredAssociationIsShownWithAwsExplanation() {
    aws.fsx.outcome("MISCONFIGURED", "Amazon FSx does not have permission to access the S3 bucket cluster-data-bucket-x-1.");
    BootstrapRun created = run("dra", "create", "--output", "json");
    assertThat(created.exitCode()).isEqualTo(1);
    assertThat(created.out()).contains("\"lifecycle\" : \"MISCONFIGURED\"",
        "\"failure\" : \"Amazon FSx does not have permission to access the S3 bucket cluster-data-bucket-x-1.\"");
    assertThat(created.err()).contains("is MISCONFIGURED: Amazon FSx does not have permission");
    BootstrapRun status = run("dra", "status");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.out()).contains("lifecycle: MISCONFIGURED");
  }

  @Test
  void aPathLinkedElsewhereIsNotTouched() {
    assertThat(run("dra", "create").exitCode()).isZero();
    assertThat(run("set", "DATA_BUCKET_NAME=other-bucket").exitCode()).isZero();
    BootstrapRun refused = run("dra", "create");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).matches("create: " + FS + ":/data is linked to s3://cluster-data-bucket-x-1 already "
        + "\\(association dra-[0-9a-f]{17}\\), not to s3://other-bucket\n");
  }

  @Test
  void statusWithoutAssociationAndAnUnknownFileSystem() {
    BootstrapRun none = run("dra", "status");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("status: no association at " + FS + ":/data; create it with: pcluster-bootstrap dra create\n");
    assertThat(run("set", "FSxLustreFilesystemId=fs-0123456789abcdef0").exitCode()).isZero();
    BootstrapRun unknown = run("dra", "create");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("create: CreateDataRepositoryAssociation: FileSystemNotFound: "
        + "File system 'fs-0123456789abcdef0' does not exist.\n");
  }

  @Test
  void badPathIsAUsageError() {
    BootstrapRun bad = run("dra", "create", "--file-system-path", "data");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("create: --file-system-path must be an absolute path such as /data, got 'data'\n");
    assertThat(aws.calls()).isEmpty();
  }
}
