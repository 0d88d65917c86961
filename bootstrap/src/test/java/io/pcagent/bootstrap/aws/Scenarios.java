package io.pcagent.bootstrap.aws;

import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.FakeCloudFormation;
import io.pcagent.testing.aws.FakeCloudFormation.Scenario;
import io.pcagent.testing.aws.FakeCloudFormation.Step;
import io.pcagent.testing.aws.TestCredentials;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hands-on's stacks as the fake CloudFormation plays them: created, or rolled back. */
public final class Scenarios {
  public static final String PREREQUISITES = "parallelcluster-prerequisites";
  public static final String PREREQUISITES_URL =
      "https://awsome-distributed-training.s3.amazonaws.com/templates/parallelcluster-prerequisites.yaml";
  public static final String BUCKET_URL = "https://awsome-distributed-training.s3.amazonaws.com/templates/0.private-bucket.yaml";
  public static final String LUSTRE_FAILURE = "Resource handler returned message: \"Invalid request provided: "
      + "PERSISTENT_2 is not supported in ap-northeast-1d\" (RequestToken: 5c2e, HandlerErrorCode: InvalidRequest)";

  private Scenarios() {}

  /**
   * A local AWS ready for the hands-on's flow (with the test's credentials): the bucket's and the prerequisites' stacks
   * to create, the Lustre file system they make, and {@code bucket}.
   */
  public static FakeAws handsOn(String bucket) throws IOException {
    TestCredentials.present();
    FakeAws aws = new FakeAws();
    prerequisitesTemplate(aws.cloudFormation);
    aws.cloudFormation.scenario(PREREQUISITES, prerequisitesCreated());
    aws.cloudFormation.scenario("cluster-data-bucket", bucketCreated("cluster-data-bucket", bucket));
    aws.fsx.fileSystem(prerequisiteOutputs().get("FSxLustreFilesystemId"));
    aws.s3.bucket(bucket);
    return aws;
  }

  public static void prerequisitesTemplate(FakeCloudFormation cloudFormation) {
    cloudFormation.template(PREREQUISITES_URL,
        List.of("AWS::EC2::VPC", "AWS::EC2::SecurityGroup", "AWS::FSx::FileSystem", "AWS::FSx::FileSystem"));
    cloudFormation.template(BUCKET_URL, List.of("AWS::S3::Bucket"));
  }

  public static Map<String, String> prerequisiteOutputs() {
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("VPC", "vpc-0c2cf596e382deb91");
    outputs.put("PublicSubnet", "subnet-00738f6db68fa46d2");
    outputs.put("PrimaryPrivateSubnet", "subnet-0fe2476bb2e98a579");
    outputs.put("SecurityGroup", "sg-09f73a7cc2a170abc");
    outputs.put("FSxLustreFilesystemId", "fs-002917c15943993c7");
    outputs.put("FSxLustreFilesystemMountname", "6syhhbev");
    outputs.put("FSxLustreFilesystemDNSname", "fs-002917c15943993c7.fsx.ap-northeast-1.amazonaws.com");
    outputs.put("FSxORootVolumeId", "fsvol-057e2427d7dcbc766");
    return outputs;
  }

  public static Scenario prerequisitesCreated() {
    return new Scenario(List.of(
        List.of(Step.of("VPC", "AWS::EC2::VPC", "CREATE_IN_PROGRESS"), Step.of("SecurityGroup", "AWS::EC2::SecurityGroup", "CREATE_IN_PROGRESS")),
        List.of(Step.of("VPC", "AWS::EC2::VPC", "CREATE_COMPLETE"), Step.of("SecurityGroup", "AWS::EC2::SecurityGroup", "CREATE_COMPLETE"),
            Step.of("FSxLustre", "AWS::FSx::FileSystem", "CREATE_IN_PROGRESS"), Step.of("FSxOpenZFS", "AWS::FSx::FileSystem", "CREATE_IN_PROGRESS")),
        List.of(Step.of("FSxLustre", "AWS::FSx::FileSystem", "CREATE_COMPLETE"), Step.of("FSxOpenZFS", "AWS::FSx::FileSystem", "CREATE_COMPLETE")),
        List.of(Step.of(PREREQUISITES, "AWS::CloudFormation::Stack", "CREATE_COMPLETE"))),
        prerequisiteOutputs());
  }

  public static Scenario prerequisitesRolledBack() {
    return new Scenario(List.of(
        List.of(Step.of("VPC", "AWS::EC2::VPC", "CREATE_IN_PROGRESS"), Step.of("FSxLustre", "AWS::FSx::FileSystem", "CREATE_IN_PROGRESS")),
        List.of(Step.of("VPC", "AWS::EC2::VPC", "CREATE_COMPLETE"),
            new Step("FSxLustre", "AWS::FSx::FileSystem", "CREATE_FAILED", LUSTRE_FAILURE),
            new Step(PREREQUISITES, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
                "The following resource(s) failed to create: [FSxLustre]. Rollback requested by user.")),
        List.of(Step.of("VPC", "AWS::EC2::VPC", "DELETE_COMPLETE"), Step.of("FSxLustre", "AWS::FSx::FileSystem", "DELETE_COMPLETE"),
            Step.of(PREREQUISITES, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE"))),
        Map.of());
  }

  public static Scenario bucketCreated(String stackName, String bucket) {
    return new Scenario(List.of(
        List.of(Step.of("Bucket", "AWS::S3::Bucket", "CREATE_IN_PROGRESS")),
        List.of(Step.of("Bucket", "AWS::S3::Bucket", "CREATE_COMPLETE"), Step.of(stackName, "AWS::CloudFormation::Stack", "CREATE_COMPLETE"))),
        Map.of("S3BucketName", bucket));
  }
}
