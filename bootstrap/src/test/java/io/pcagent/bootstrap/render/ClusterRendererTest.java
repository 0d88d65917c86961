package io.pcagent.bootstrap.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.text.ClasspathText;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterRendererTest {
  private static final String SHA = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
  private static final AgentAction AGENT = new AgentAction("s3://bucket/pcluster-agent/0.1.0/postinstall.sh",
      "s3://bucket/pcluster-agent/0.1.0/pcluster-agent.tar.gz", SHA, List.of("--port=9810"));

  /** The hands-on's settings, with the prerequisite stack's outputs merged in. */
  static Map<SettingKey, String> handsOn() {
    Map<SettingKey, String> settings = new EnumMap<>(SettingKey.class);
    settings.put(SettingKey.CLUSTER_NAME, "ml-cluster");
    settings.put(SettingKey.AWS_REGION, "ap-northeast-1");
    settings.put(SettingKey.PCLUSTER_VERSION, "3.13.1");
    settings.put(SettingKey.AZ, "ap-northeast-1a");
    settings.put(SettingKey.HEAD_NODE_INSTANCE_TYPE, "c5.9xlarge");
    settings.put(SettingKey.NUM_INSTANCES, "3");
    settings.put(SettingKey.INSTANCE, "c5n.9xlarge");
    settings.put(SettingKey.KEYPAIR_NAME, "my-keypair");
    settings.put(SettingKey.STACK_ID_VPC, "parallelcluster-prerequisites");
    settings.put(SettingKey.VPC, "vpc-0a1b2c3d4e5f60718");
    settings.put(SettingKey.PublicSubnet, "subnet-00738f6db68fa46d2");
    settings.put(SettingKey.PrimaryPrivateSubnet, "subnet-0f1e2d3c4b5a69788");
    settings.put(SettingKey.SecurityGroup, "sg-09f73a7cc2a170abc");
    settings.put(SettingKey.FSxLustreFilesystemId, "fs-0123456789abcdef0");
    settings.put(SettingKey.FSxLustreFilesystemMountname, "abcdefgh");
    settings.put(SettingKey.FSxLustreFilesystemDNSname, "fs-0123456789abcdef0.fsx.ap-northeast-1.amazonaws.com");
    settings.put(SettingKey.FSxORootVolumeId, "fsvol-0123456789abcdef0");
    return settings;
  }

  private static String builtIn() {
    return ClasspathText.read(ClusterRenderer.class, "cluster-template.yaml");
  }

  @Test
  void theHandsOnSettingsRenderTheGoldenFile() {
    assertThat(ClusterRenderer.render(builtIn(), handsOn(), Optional.of(AGENT)))
        .isEqualTo(ClasspathText.read(ClusterRendererTest.class, "ClusterRendererTest/seed-equivalent.yaml"));
  }

  @Test
  void theHandsOnScriptsArePinnedAndOneRefMovesBothEverywhere() {
    String scripts = "https://raw.githubusercontent.com/aws-samples/aws-parallelcluster-post-install-scripts/";
    assertThat(ClusterRenderer.render(builtIn(), handsOn(), Optional.empty())).doesNotContain(scripts + "main/");

    Map<SettingKey, String> settings = handsOn();
    String ref = "0123456789abcdef0123456789abcdef01234567";
    settings.put(SettingKey.POST_INSTALL_SCRIPTS_REF, ref);
    String cluster = ClusterRenderer.render(builtIn(), settings, Optional.empty());

    assertThat(cluster).as("the pre-3.11 Pyxis script is not used: the agent's steps enable the AMI's own")
        .doesNotContain("/pyxis/postinstall.sh");
    for (String script : new String[] {"docker", "nccl"}) {
      assertThat(cluster.split(java.util.regex.Pattern.quote(scripts + ref + "/" + script + "/postinstall.sh"), -1))
          .as("%s on the head node and the queue", script).hasSize(3);
    }
    assertThat(cluster.split(java.util.regex.Pattern.quote(scripts), -1)).as("no other ref left").hasSize(5);
  }

  @Test
  void aCapacityReservationKeepsItsTarget() {
    Map<SettingKey, String> settings = handsOn();
    settings.put(SettingKey.CAPACITY_RESERVATION_ID, "cr-0123456789abcdef0");

    assertThat(ClusterRenderer.render(builtIn(), settings, Optional.empty()))
        .contains("          CapacityReservationTarget:\n            CapacityReservationId: cr-0123456789abcdef0\n");
  }

  @Test
  void withoutAReservationThereIsNoTargetAndNoPlaceholder() {
    String cluster = ClusterRenderer.render(builtIn(), handsOn(), Optional.empty());

    assertThat(cluster).doesNotContain("CapacityReservation").doesNotContain("UNSET").doesNotContain("${");
  }

  @Test
  void everyUnsetVariableIsListedInOneError() {
    Map<SettingKey, String> settings = handsOn();
    settings.remove(SettingKey.PublicSubnet);
    settings.remove(SettingKey.FSxORootVolumeId);

    assertThatThrownBy(() -> ClusterRenderer.render(builtIn() + "Tags:\n  - Key: ${TEAM}\n", settings, Optional.empty()))
        .hasMessage("the template uses variables config.yaml does not set: PublicSubnet, FSxORootVolumeId, TEAM "
            + "(set them with pcluster-bootstrap set KEY=VALUE; stack outputs with outputs)");
  }

  @Test
  void theUsersOwnHeadNodeScriptIsKeptBeforeTheAgent() {
    String template = "Region: ${AWS_REGION}\nHeadNode:\n  InstanceType: t3.micro\n  CustomActions:\n    OnNodeConfigured:\n"
        + "      Script: s3://mine/setup.sh\n      Args: [one]\n";

    assertThat(ClusterRenderer.render(template, handsOn(), Optional.of(AGENT))).isEqualTo("""
        Region: ap-northeast-1
        HeadNode:
          InstanceType: c5.9xlarge
          CustomActions:
            OnNodeConfigured:
              Sequence:
                - Script: s3://mine/setup.sh
                  Args:
                    - one
                - Script: s3://bucket/pcluster-agent/0.1.0/postinstall.sh
                  Args:
                    - s3://bucket/pcluster-agent/0.1.0/pcluster-agent.tar.gz
                    - %1$s
                    - --job-user=pcagent-jobs:2950:2950
                    - --port=9810
            OnNodeUpdated:
              Script: s3://bucket/pcluster-agent/0.1.0/postinstall.sh
              Args:
                - s3://bucket/pcluster-agent/0.1.0/pcluster-agent.tar.gz
                - %1$s
                - --job-user=pcagent-jobs:2950:2950
                - --port=9810
          Iam:
            S3Access:
              - BucketName: mine
                EnableWriteAccess: false
              - BucketName: bucket
                EnableWriteAccess: false
        """.formatted(SHA));
  }

  @Test
  void aHeadNodeWithoutActionsGetsTheAgentAlone() {
    assertThat(ClusterRenderer.render("HeadNode:\n  Ssh:\n    KeyName: ${KEYPAIR_NAME}\n", handsOn(), Optional.of(AGENT)))
        .contains("  CustomActions:\n    OnNodeConfigured:\n      Script: s3://bucket/pcluster-agent/0.1.0/postinstall.sh\n");
  }

  @Test
  void everyQueueGetsTheJobUserStepAndTheHeadNodeNoNodeCount() {
    String template = """
        HeadNode:
          InstanceType: t3.micro
        Scheduling:
          SlurmQueues:
            - Name: train
              ComputeResources:
                - Name: p5
                  MinCount: ${NUM_INSTANCES}
                  MaxCount: 64
                - Name: spare
                  MaxCount: 8
            - Name: debug
              ComputeResources:
                - Name: small
                  MinCount: 2
                  MaxCount: 2
        """;

    String cluster = ClusterRenderer.render(template, handsOn(), Optional.of(AGENT));

    assertThat(cluster).doesNotContain("expected-nodes")
        .containsSubsequence("Name: train", "Script: s3://bucket/pcluster-agent/0.1.0/pcluster-agent-job-user.sh",
            "Name: debug", "Script: s3://bucket/pcluster-agent/0.1.0/pcluster-agent-job-user.sh");
  }

  @Test
  void aMinCountThatIsNotANumberNamesItsPath() {
    String template = "Scheduling:\n  SlurmQueues:\n    - Name: q\n      ComputeResources:\n        - Name: r\n"
        + "          MinCount: many\n";

    assertThatThrownBy(() -> ClusterRenderer.render(template, handsOn(), Optional.of(AGENT)))
        .hasMessage("Scheduling.SlurmQueues[0].ComputeResources[0].MinCount: expected a number of nodes, got 'many'");
  }

  @Test
  void theReservationVariableOutsideItsBlockIsAnError() {
    assertThatThrownBy(() -> ClusterRenderer.render("Tags:\n  - Key: r\n    Value: ${CAPACITY_RESERVATION_ID}\n", handsOn(), Optional.empty()))
        .hasMessageStartingWith("the template uses CAPACITY_RESERVATION_ID outside CapacityReservationTarget");
  }

  @Test
  void agentArgumentsAreChecked() {
    assertThatThrownBy(() -> new AgentAction("ftp://x", "s3://b/a.tgz", SHA, List.of()))
        .hasMessage("--agent-script must be an s3:// or https:// URI, got 'ftp://x'");
    assertThatThrownBy(() -> new AgentAction("s3://b/p.sh", "s3://b/a.tgz", "abc", List.of()))
        .hasMessage("--agent-sha256 must be 64 lower-case hex digits, got 'abc'");
  }
}
