package io.pcagent.bootstrap.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.text.ClasspathText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ParallelCluster's rules that a rendered cluster.yaml must keep, checked over every configuration render writes here
 * (the built-in hands-on template, and templates with the shapes operators bring). Each rule names its source.
 */
class ParallelClusterRulesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SHA = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
  private static final AgentAction STAGE_1 = stage("s3://stage-bucket/pcluster-agent/0.1.0/", List.of());
  private static final AgentAction STAGE_2 = new AgentAction("s3://stage-bucket/pcluster-agent/0.2.0/postinstall.sh",
      "s3://stage-bucket/pcluster-agent/0.2.0/pcluster-agent.tar.gz",
      "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", List.of());

  private static final String TWO_QUEUES_OWN_SCRIPTS = """
      Region: ${AWS_REGION}
      HeadNode:
        InstanceType: m5.xlarge
        CustomActions:
          OnNodeStart:
            Script: s3://team-scripts/head-start.sh
        Iam:
          S3Access:
            - BucketName: team-data
              EnableWriteAccess: true
      Scheduling:
        SlurmQueues:
          - Name: train
            ComputeResources:
              - Name: p5
                MinCount: ${NUM_INSTANCES}
                MaxCount: 16
            CustomActions:
              OnNodeStart:
                Sequence:
                  - Script: https://example.com/tune.sh
                  - Script: s3://team-scripts/mount-extra.sh
                    Args: [s3://team-data/extra.conf]
          - Name: debug
            ComputeResources:
              - Name: small
                MaxCount: 4
            Iam:
              S3Access:
                - BucketName: stage-bucket
      SharedStorage:
        - Name: fsx
          MountDir: /fsx
          StorageType: FsxLustre
          FsxLustreSettings:
            FileSystemId: fs-0123456789abcdef0
      """;

  private static final String OWN_ROLES = """
      Region: cn-north-1
      HeadNode:
        InstanceType: m5.xlarge
        Iam:
          InstanceRole: arn:aws-cn:iam::123456789012:role/head
      Scheduling:
        SlurmQueues:
          - Name: q
            ComputeResources:
              - Name: c
                MaxCount: 2
            Iam:
              InstanceProfile: arn:aws-cn:iam::123456789012:instance-profile/compute
      SharedStorage:
        - Name: fsx
          MountDir: /fsx
          StorageType: FsxLustre
      """;

  private static AgentAction stage(String folder, List<String> options) {
    return new AgentAction(folder + "postinstall.sh", folder + "pcluster-agent.tar.gz", SHA, options);
  }

  private static Map<String, String> templates() {
    Map<String, String> templates = new LinkedHashMap<>();
    templates.put("the hands-on's", ClasspathText.read(ClusterRenderer.class, "cluster-template.yaml"));
    templates.put("two queues with their own scripts", TWO_QUEUES_OWN_SCRIPTS);
    templates.put("own roles", OWN_ROLES);
    return templates;
  }

  private static List<JsonNode> renderedEverywhere() throws IOException {
    List<JsonNode> clusters = new ArrayList<>();
    for (String template : templates().values()) {
      clusters.add(YAML.readTree(ClusterRenderer.render(template, ClusterRendererTest.handsOn(), Optional.of(STAGE_1))));
      clusters.add(YAML.readTree(ClusterRenderer.render(template, ClusterRendererTest.handsOn(), Optional.empty())));
    }
    return clusters;
  }

  /** The head node and every Slurm queue: the node types that run custom actions and have an Iam of their own. */
  private static Map<String, JsonNode> nodeTypes(JsonNode cluster) {
    Map<String, JsonNode> owners = new LinkedHashMap<>();
    owners.put("HeadNode", cluster.path("HeadNode"));
    JsonNode queues = cluster.path("Scheduling").path("SlurmQueues");
    for (int i = 0; i < queues.size(); i++) {
      owners.put("Scheduling.SlurmQueues[" + i + "]", queues.get(i));
    }
    return owners;
  }

  private static Set<String> s3AccessBuckets(JsonNode owner) {
    List<String> buckets = new ArrayList<>();
    owner.path("Iam").path("S3Access").forEach(access -> buckets.add(access.path("BucketName").asText()));
    return Set.copyOf(buckets);
  }

  /**
   * Each node type reads an s3:// action (and an s3:// argument its script fetches) only through an S3Access of that
   * node type: docs.aws.amazon.com/parallelcluster/latest/ug/custom-bootstrap-actions-config-v3.html puts
   * {@code Iam: S3Access} beside every s3:// action, on the head node and on each queue; without it a compute node's
   * action fails and clustermgtd replaces the node until the fleet is PROTECTED.
   */
  @Test
  void everyBucketAnActionReadsIsInTheS3AccessOfTheNodeTypeThatRunsIt() throws IOException {
    for (JsonNode cluster : renderedEverywhere()) {
      nodeTypes(cluster).forEach((path, owner) -> {
        if (!NodeIam.ownRole(owner.path("Iam"))) {
          assertThat(s3AccessBuckets(owner)).as(path).containsAll(NodeIam.actionBuckets(owner));
        }
      });
    }
  }

  /** cluster_schema.py, IamSchema.no_coexist_s3_access and BaseIamSchema.no_coexist_role_policies. */
  @Test
  void nothingIsAddedBesideAnInstanceRoleOrProfile() throws IOException {
    for (JsonNode cluster : renderedEverywhere()) {
      nodeTypes(cluster).forEach((path, owner) -> {
        JsonNode iam = owner.path("Iam");
        if (NodeIam.ownRole(iam)) {
          assertThat(iam.has("S3Access") || iam.has("AdditionalIamPolicies")).as(path).isFalse();
        }
      });
    }
  }

  /** S3Access is read-only unless the template asked for more (the stage bucket is never written from a node). */
  @Test
  void addedS3AccessIsReadOnly() throws IOException {
    JsonNode cluster = YAML.readTree(ClusterRenderer.render(TWO_QUEUES_OWN_SCRIPTS, ClusterRendererTest.handsOn(),
        Optional.of(STAGE_1)));

    assertThat(cluster.path("HeadNode").path("Iam").path("S3Access").toString()).isEqualTo("[{\"BucketName\":\"team-data\","
        + "\"EnableWriteAccess\":true},{\"BucketName\":\"team-scripts\",\"EnableWriteAccess\":false},{\"BucketName\":"
        + "\"stage-bucket\",\"EnableWriteAccess\":false}]");
    assertThat(cluster.path("Scheduling").path("SlurmQueues").get(0).path("Iam").path("S3Access").toString())
        .isEqualTo("[{\"BucketName\":\"team-scripts\",\"EnableWriteAccess\":false},{\"BucketName\":\"team-data\","
            + "\"EnableWriteAccess\":false},{\"BucketName\":\"stage-bucket\",\"EnableWriteAccess\":false}]");
    assertThat(cluster.path("Scheduling").path("SlurmQueues").get(1).path("Iam").path("S3Access").toString())
        .as("a bucket the template granted already is not granted twice")
        .isEqualTo("[{\"BucketName\":\"stage-bucket\"}]");
  }

  /**
   * The head node's default policy has no fsx:Describe* (the agent follows the FSx for Lustre file systems of
   * SharedStorage): AmazonFSxReadOnlyAccess grants fsx:Describe* and fsx:ListTagsForResource (AWS Managed Policy
   * reference), in the region's partition.
   */
  @Test
  void theHeadNodeReadsFsxWhenTheAgentFollowsIt() throws IOException {
    for (String template : templates().values()) {
      JsonNode cluster = YAML.readTree(ClusterRenderer.render(template, ClusterRendererTest.handsOn(), Optional.of(STAGE_1)));
      JsonNode iam = cluster.path("HeadNode").path("Iam");
      if (!NodeIam.ownRole(iam)) {
        assertThat(iam.path("AdditionalIamPolicies").findValuesAsText("Policy"))
            .contains("arn:aws:iam::aws:policy/AmazonFSxReadOnlyAccess");
      }
    }
    assertThat(ClusterRenderer.render(TWO_QUEUES_OWN_SCRIPTS, ClusterRendererTest.handsOn(), Optional.empty()))
        .as("no agent, nothing follows FSx").doesNotContain("AmazonFSxReadOnlyAccess");
    assertThat(NodeIam.partition("cn-north-1")).isEqualTo("aws-cn");
    assertThat(NodeIam.partition("us-gov-west-1")).isEqualTo("aws-us-gov");
  }

  /**
   * update-cluster refuses any change to the head node's OnNodeStart and OnNodeConfigured (cluster_schema.py,
   * HeadNodeCustomActionsSchema: UpdatePolicy.UNSUPPORTED; OnNodeUpdated: SUPPORTED). Rendered again after create with
   * more nodes and a new stage, they are what the cluster was created with, and the new stage is in OnNodeUpdated.
   */
  @Test
  void afterCreateTheHeadNodesFrozenActionsStayAndANewStageGoesToOnNodeUpdated(@TempDir Path dir) throws IOException {
    for (Map.Entry<String, String> template : templates().entrySet()) {
      String first = ClusterRenderer.render(template.getValue(), ClusterRendererTest.handsOn(), Optional.of(STAGE_1));
      Files.writeString(dir.resolve("cluster.yaml"), first);
      CreatedHeadNode.record(dir.resolve("cluster.yaml"), dir);
      Map<SettingKey, String> grown = ClusterRendererTest.handsOn();
      grown.put(SettingKey.NUM_INSTANCES, "8");

      JsonNode before = YAML.readTree(first).path("HeadNode").path("CustomActions");
      JsonNode after = YAML.readTree(ClusterRenderer.render(template.getValue(), grown, Optional.of(STAGE_2),
          CreatedHeadNode.read(dir))).path("HeadNode").path("CustomActions");

      for (String frozen : CreatedHeadNode.FROZEN) {
        assertThat(after.path(frozen)).as(template.getKey() + ": " + frozen).isEqualTo(before.path(frozen));
      }
      assertThat(after.path("OnNodeUpdated").findValuesAsText("Script")).as(template.getKey())
          .containsExactly(STAGE_2.script());
      assertThat(before.toString()).as("nothing in the head node's actions counts nodes").doesNotContain("expected-nodes");
    }
  }

  @Test
  void theStageBucketOfTheCreatedActionAndOfTheNewStageAreBothReadable(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("cluster.yaml"),
        ClusterRenderer.render(OWN_ROLES.replace("InstanceRole: arn:aws-cn:iam::123456789012:role/head", "Ssh: {}"),
            ClusterRendererTest.handsOn(), Optional.of(stage("s3://old-bucket/a/", List.of()))));
    CreatedHeadNode.record(dir.resolve("cluster.yaml"), dir);

    JsonNode cluster = YAML.readTree(ClusterRenderer.render(OWN_ROLES.replace(
        "InstanceRole: arn:aws-cn:iam::123456789012:role/head", "Ssh: {}"), ClusterRendererTest.handsOn(),
        Optional.of(STAGE_2), CreatedHeadNode.read(dir)));

    assertThat(s3AccessBuckets(cluster.path("HeadNode"))).containsExactlyInAnyOrder("old-bucket", "stage-bucket");
    assertThat(cluster.path("HeadNode").path("Iam").path("AdditionalIamPolicies").findValuesAsText("Policy"))
        .containsExactly("arn:aws-cn:iam::aws:policy/AmazonFSxReadOnlyAccess");
    assertThat(NodeIam.actionBuckets(cluster.path("Scheduling").path("SlurmQueues").get(0)).stream()
        .collect(Collectors.toSet())).containsExactly("stage-bucket");
  }
}
