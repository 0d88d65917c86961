package io.pcagent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.bootstrap.aws.Scenarios;
import io.pcagent.bootstrap.pcluster.StandInPcluster;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.FakeCloudFormation;
import io.pcagent.testing.aws.FakeSsm.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hands-on from config.yaml to deletion, one command after the other, against the fake AWS and the stand-in
 * pcluster; and the same flow with --dry-run, which must make no AWS call, run no pcluster and change no file.
 */
class HandsOnFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "cluster-data-bucket-ap-northeast-1-1765267989";
  @TempDir Path dir;
  private FakeAws aws;
  private Path pcluster;
  private Path jar;

  @BeforeEach
  void setUp() throws Exception {
    aws = Scenarios.handsOn(BUCKET);
    aws.ssm.instance("i-0a1b2c3d4e5f60718", new Outcome("Success", 0, "{\"verdict\": \"pass\", \"checks\": [], \"nodes\": []}", ""));
    pcluster = StandInPcluster.install(dir);
    jar = Files.write(dir.resolve("pcluster-agent.jar"), new byte[] {'P', 'K', 3, 4});
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  /** Each command with what it needs: AWS commands the endpoint, pcluster commands the stand-in. */
  private BootstrapRun run(boolean dryRun, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config-dir", dir.toString()));
    if (dryRun) {
      all.add("--dry-run");
    }
    String command = args[0];
    if (List.of("bucket", "prereqs", "outputs", "dra", "stage", "wait", "validate", "delete").contains(command)) {
      all.addAll(List.of("--endpoint-url", aws.endpoint().toString()));
    }
    if (List.of("bucket", "prereqs", "outputs", "dra", "create", "wait", "validate", "delete").contains(command)) {
      all.addAll(List.of("--poll-seconds", "0"));
    }
    if (List.of("create", "wait", "status", "validate", "delete").contains(command)) {
      all.addAll(List.of("--pcluster", pcluster.toString()));
    }
    if (command.equals("stage")) {
      all.addAll(List.of("--agent-jar", jar.toString(), "--label", "0.1.0"));
    }
    BootstrapRun run = BootstrapRun.of(all.toArray(String[]::new));
    assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isZero();
    return run;
  }

  /** The hands-on's minimal configuration: a c5.9xlarge head node, three c5n.9xlarge compute nodes (EFA). */
  private void setUpConfig() {
    run(false, "init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1");
    BootstrapRun set = run(false, "set", "AZ=ap-northeast-1a", "HEAD_NODE_INSTANCE_TYPE=c5.9xlarge", "NUM_INSTANCES=3",
        "INSTANCE=c5n.9xlarge", "KEYPAIR_NAME=my-keypair");
    assertThat(set.err()).doesNotContain("warning");
  }

  /** For automation: with --output json, stdout of every step is one JSON object (progress goes to stderr). */
  @Test
  void everyStepOfTheFlowAnswersJson() throws Exception {
    setUpConfig();
    for (String[] step : List.of(new String[] {"bucket", "create"}, new String[] {"prereqs", "create"}, new String[] {"outputs"},
        new String[] {"dra", "create"}, new String[] {"stage"}, new String[] {"render"}, new String[] {"create"}, new String[] {"wait"},
        new String[] {"status"}, new String[] {"validate"}, new String[] {"delete", "--with-prereqs"}, new String[] {"show"})) {
      List<String> args = new ArrayList<>(List.of(step));
      args.addAll(List.of("--output", "json"));
      BootstrapRun run = run(false, args.toArray(new String[0]));
      assertThat(JSON.readTree(run.out()).isObject()).as("%s: %s", String.join(" ", step), run.out()).isTrue();
    }
  }

  @Test
  void aHeadNodeTooSmallForTheWaitConditionIsWarnedOfAndStillSet() {
    setUpConfig();

    BootstrapRun set = run(false, "set", "HEAD_NODE_INSTANCE_TYPE=c5n.large");

    assertThat(set.err()).startsWith("warning: HEAD_NODE_INSTANCE_TYPE: c5n.large has 2 vCPUs; the hands-on recommends c5.9xlarge");
    assertThat(set.out()).contains("HEAD_NODE_INSTANCE_TYPE: c5n.large");
  }

  @Test
  void fromConfigToDeletion() throws Exception {
    setUpConfig();
    run(false, "bucket", "create");
    run(false, "prereqs", "create");
    run(false, "outputs");
    run(false, "dra", "create");
    run(false, "stage");
    run(false, "render");
    String cluster = Files.readString(dir.resolve("cluster.yaml"));
    assertThat(cluster).contains("- subnet-0fe2476bb2e98a579", "FileSystemId: fs-002917c15943993c7",
        "Script: s3://" + BUCKET + "/pcluster-agent/0.1.0/pcluster-agent-postinstall.sh");
    run(false, "create");
    aws.cloudFormation.createdElsewhere("ml-cluster", new FakeCloudFormation.Scenario(List.of(
        List.of(FakeCloudFormation.Step.of("HeadNodeSecurityGroup", "AWS::EC2::SecurityGroup", "CREATE_COMPLETE")),
        List.of(FakeCloudFormation.Step.of("HeadNode", "AWS::EC2::Instance", "CREATE_IN_PROGRESS")),
        List.of(FakeCloudFormation.Step.of("HeadNode", "AWS::EC2::Instance", "CREATE_COMPLETE"),
            FakeCloudFormation.Step.of("ml-cluster", "AWS::CloudFormation::Stack", "CREATE_COMPLETE"))), Map.of()),
        List.of("AWS::EC2::SecurityGroup", "AWS::EC2::Instance"), "ap-northeast-1");
    BootstrapRun waited = run(false, "wait");
    assertThat(waited.err()).as("the cluster's stack followed, event by event")
        .contains("following stack ml-cluster (arn:aws:cloudformation:ap-northeast-1:123456789012:stack/ml-cluster/",
            "HeadNode", "[####################] 2/2 resources");
    assertThat(run(false, "validate").out()).startsWith("Validation on i-0a1b2c3d4e5f60718: PASS");
    BootstrapRun deleted = run(false, "delete", "--with-prereqs");
    assertThat(deleted.out()).contains("ml-cluster deleted\n").endsWith("stack: parallelcluster-prerequisites\nstatus: DELETE_COMPLETE\n");
    assertThat(aws.calls().stream().map(FakeAws.Call::service).distinct()).containsExactlyInAnyOrder("cloudformation", "fsx", "s3", "ssm");
  }

  @Test
  void theWholeFlowDryRunChangesNothing() throws Exception {
    setUpConfig();
    run(false, "set", "STACK_ID_VPC=parallelcluster-prerequisites", "DATA_BUCKET_NAME=" + BUCKET,
        "FSxLustreFilesystemId=fs-002917c15943993c7");
    String config = Files.readString(dir.resolve("config.yaml"));
    StringBuilder printed = new StringBuilder();
    for (String[] command : List.of(new String[] {"bucket", "create"}, new String[] {"prereqs", "create"},
        new String[] {"prereqs", "status"}, new String[] {"outputs"}, new String[] {"dra", "create"}, new String[] {"dra", "status"},
        new String[] {"stage"}, new String[] {"create"}, new String[] {"validate"}, new String[] {"delete", "--with-prereqs"})) {
      if (command[0].equals("create")) {
        Files.writeString(dir.resolve("cluster.yaml"), "Region: ap-northeast-1\n");
      }
      printed.append(run(true, command).out());
    }
    assertThat(aws.calls()).as("AWS calls").isEmpty();
    assertThat(dir.resolve("bin/state/calls")).as("pcluster calls").doesNotExist();
    assertThat(Files.readString(dir.resolve("config.yaml"))).isEqualTo(config);
    assertThat(dir.resolve("staged-agent.yaml")).doesNotExist();
    assertThat(printed.toString()).contains(
        "would call CloudFormation CreateStack CreateStackRequest(StackName=parallelcluster-prerequisites, TemplateURL="
            + Scenarios.PREREQUISITES_URL + ", Parameters=[Parameter(ParameterKey=PrimarySubnetAZ, ParameterValue=ap-northeast-1a)])",
        "would call FSx CreateDataRepositoryAssociation CreateDataRepositoryAssociationRequest(FileSystemId=fs-002917c15943993c7, "
            + "FileSystemPath=/data, DataRepositoryPath=s3://" + BUCKET + ", BatchImportMetaDataOnCreate=true",
        "would call S3 PutObject PutObjectRequest(Bucket=" + BUCKET + ", ",
        "would run: " + pcluster + " create-cluster --cluster-name ml-cluster",
        "would call SSM SendCommand SendCommandRequest(InstanceIds=[<head node instance id>], DocumentName=AWS-RunShellScript",
        "would run: " + pcluster + " delete-cluster --cluster-name ml-cluster --region ap-northeast-1",
        "would call CloudFormation DeleteStack StackName=parallelcluster-prerequisites");
  }
}
