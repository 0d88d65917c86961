package io.pcagent.bootstrap.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pcagent.bootstrap.BootstrapRun;
import io.pcagent.bootstrap.aws.Scenarios;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prereqs, bucket and outputs: the real SDK against the fake CloudFormation (see FakeAws). */
class StackCommandsTest {
  @TempDir Path dir;
  private FakeAws aws;

  @BeforeEach
  void setUp() throws Exception {
    TestCredentials.present();
    aws = new FakeAws();
    Scenarios.prerequisitesTemplate(aws.cloudFormation);
    assertThat(run("init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1").exitCode()).isZero();
    assertThat(run("set", "AZ=ap-northeast-1a").exitCode()).isZero();
  }

  @AfterEach
  void tearDown() {
    aws.close();
    TestCredentials.present();
  }

  private BootstrapRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config-dir", dir.toString()));
    if (!List.of("init", "set", "show").contains(args[0])) {
      all.addAll(List.of("--endpoint-url", aws.endpoint().toString(), "--poll-seconds", "0"));
    }
    return BootstrapRun.of(all.toArray(String[]::new));
  }

  private String config() throws Exception {
    return Files.readString(dir.resolve("config.yaml"));
  }

  @Test
  void prereqsCreateShowsEventsAndProgressThenTheStackIsReused() throws Exception {
    aws.cloudFormation.scenario(Scenarios.PREREQUISITES, Scenarios.prerequisitesCreated());
    BootstrapRun created = run("prereqs", "create");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).startsWith("stack: parallelcluster-prerequisites\nid: arn:aws:cloudformation:ap-northeast-1:123456789012:stack/")
        .endsWith("status: CREATE_COMPLETE\nreused: false\n");
    assertThat(created.err()).contains(
        "creating parallelcluster-prerequisites from " + Scenarios.PREREQUISITES_URL,
        "CREATE_IN_PROGRESS  AWS::CloudFormation::Stack  parallelcluster-prerequisites: User Initiated",
        "CREATE_COMPLETE  AWS::EC2::VPC  VPC",
        "[##########----------] 2/4 resources",
        "[####################] 4/4 resources  0 min 00 s  CREATE_COMPLETE");
    assertThat(created.err().indexOf("AWS::EC2::VPC  VPC")).as("events oldest first")
        .isLessThan(created.err().indexOf("CREATE_COMPLETE  AWS::FSx::FileSystem  FSxLustre"));
    assertThat(aws.cloudFormation.parametersOf(Scenarios.PREREQUISITES)).containsExactly(java.util.Map.entry("PrimarySubnetAZ", "ap-northeast-1a"));
    assertThat(aws.calls()).allSatisfy(call -> {
      assertThat(call.service()).isEqualTo("cloudformation");
      assertThat(call.region()).isEqualTo("ap-northeast-1");
    });
    assertThat(config()).contains("STACK_ID_VPC: \"parallelcluster-prerequisites\"");

    int before = aws.calls().size();
    BootstrapRun again = run("prereqs", "create", "--output", "json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("\"reused\" : true", "\"status\" : \"CREATE_COMPLETE\"");
    assertThat(aws.operations().subList(before, aws.calls().size())).containsExactly("DescribeStacks");
  }

  @Test
  void outputsAreMergedIntoConfig() throws Exception {
    aws.cloudFormation.scenario(Scenarios.PREREQUISITES, Scenarios.prerequisitesCreated());
    assertThat(run("prereqs", "create").exitCode()).isZero();
    BootstrapRun merged = run("outputs");
    assertThat(merged.exitCode()).as(merged.toString()).isZero();
    assertThat(merged.out()).contains("VPC: vpc-0c2cf596e382deb91\n", "FSxORootVolumeId: fsvol-057e2427d7dcbc766\n");
    assertThat(config()).contains("FSxLustreFilesystemId: \"fs-002917c15943993c7\"", "AZ: \"ap-northeast-1a\"");
    BootstrapRun status = run("prereqs", "status");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("status: CREATE_COMPLETE\n", "outputs: {VPC=vpc-0c2cf596e382deb91");
  }

  @Test
  void aRolledBackCreationIsReportedWithItsFailedEventsAndNotRetried() throws Exception {
    aws.cloudFormation.scenario(Scenarios.PREREQUISITES, Scenarios.prerequisitesRolledBack());
    BootstrapRun failed = run("prereqs", "create");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).contains("create: stack parallelcluster-prerequisites is ROLLBACK_COMPLETE: ended ROLLBACK_COMPLETE, "
        + "not CREATE_COMPLETE\n", "CREATE_FAILED  AWS::FSx::FileSystem  FSxLustre: " + Scenarios.LUSTRE_FAILURE);

    BootstrapRun again = run("prereqs", "create");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("stack parallelcluster-prerequisites is ROLLBACK_COMPLETE: cannot be created again until "
        + "it is deleted", "FSxLustre: " + Scenarios.LUSTRE_FAILURE);
    assertThat(aws.operations().stream().filter("CreateStack"::equals)).hasSize(1);

    BootstrapRun status = run("prereqs", "status");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.out()).contains("status: ROLLBACK_COMPLETE\n", "failed_events: [", "CREATE_FAILED  AWS::FSx::FileSystem  FSxLustre");
  }

  @Test
  void deleteWaitsUntilTheStackIsGoneAndAGoneStackIsDeleted() throws Exception {
    aws.cloudFormation.scenario(Scenarios.PREREQUISITES, Scenarios.prerequisitesCreated());
    assertThat(run("prereqs", "create").exitCode()).isZero();
    BootstrapRun deleted = run("prereqs", "delete");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).isEqualTo("stack: parallelcluster-prerequisites\nstatus: DELETE_COMPLETE\n");
    assertThat(deleted.err()).contains("DELETE_COMPLETE  AWS::EC2::VPC  VPC", "[####################] 4/4 resources",
        "DELETE_COMPLETE  AWS::CloudFormation::Stack  parallelcluster-prerequisites");
    assertThat(run("prereqs", "status").err()).contains("stack parallelcluster-prerequisites does not exist");
    BootstrapRun again = run("prereqs", "delete");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("status: does not exist");
  }

  @Test
  void throttlingIsRetriedBySdk() {
    aws.cloudFormation.scenario(Scenarios.PREREQUISITES, Scenarios.prerequisitesCreated());
    aws.throttle("CreateStack", 1);
    aws.throttle("DescribeStacks", 2);
    BootstrapRun created = run("prereqs", "create");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(aws.operations().subList(0, 5)).containsExactly("DescribeStacks", "DescribeStacks", "DescribeStacks",
        "GetTemplateSummary", "CreateStack");
    assertThat(aws.operations().stream().filter("CreateStack"::equals)).hasSize(2);
  }

  @Test
  void awsErrorsNameTheOperationAndTheirCode() {
    BootstrapRun refused = run("prereqs", "create", "--template-url", "https://example.com/not-a-template.yaml");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("create: GetTemplateSummary: ValidationError: TemplateURL must be a supported URL.\n");
  }

  @Test
  void aLocalTemplateIsSentInline() throws Exception {
    aws.cloudFormation.scenario(Scenarios.PREREQUISITES, Scenarios.prerequisitesCreated());
    Path template = Files.writeString(dir.resolve("prereqs.yaml"), "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n"
        + "  SecurityGroup:\n    Type: 'AWS::EC2::SecurityGroup'\n");
    BootstrapRun created = run("prereqs", "create", "--template-file", template.toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.err()).contains("from " + template, "[####################] 2/2 resources");
    assertThat(aws.calls()).filteredOn(c -> c.operation().equals("CreateStack"))
        .singleElement().satisfies(c -> assertThat(c.detail()).contains("TemplateBody=Resources:").doesNotContain("TemplateURL"));
  }

  @Test
  void bucketCreateSetsTheBucketFromTheStackOutput() throws Exception {
    aws.cloudFormation.scenario("cluster-data-bucket", Scenarios.bucketCreated("cluster-data-bucket", "cluster-data-bucket-x-1"));
    BootstrapRun created = run("bucket", "create", "--bucket-name", "cluster-data-bucket-x-1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("stack: cluster-data-bucket\n", "bucket: cluster-data-bucket-x-1\n");
    assertThat(aws.cloudFormation.parametersOf("cluster-data-bucket")).containsEntry("S3BucketName", "cluster-data-bucket-x-1");
    assertThat(config()).contains("DATA_BUCKET_NAME: \"cluster-data-bucket-x-1\"");
    BootstrapRun invalid = run("bucket", "create", "--bucket-name", "Not_A_Bucket");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).isEqualTo("create: DATA_BUCKET_NAME: 'Not_A_Bucket' is not an S3 bucket name\n");
  }

  @Test
  void missingCredentialsAreExplained() {
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null, "credentials in the environment");
    TestCredentials.none();
    BootstrapRun run = run("prereqs", "status");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("status: no AWS credentials found. Set AWS_PROFILE to a profile of ~/.aws/config");
    assertThat(aws.calls()).isEmpty();
  }

  @Test
  void anUnreachableEndpointExitsThree() {
    BootstrapRun run = BootstrapRun.of("prereqs", "status", "--config-dir", dir.toString(), "--endpoint-url", "http://127.0.0.1:1");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.err()).startsWith("status: DescribeStacks: AWS not reachable: ");
  }
}
