package io.pcagent.bootstrap.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
  @TempDir Path dir;

  private SettingsFile file() {
    return new SettingsFile(dir);
  }

  @Test
  void theHandsOnSettingsRoundTripInKeyOrder() throws Exception {
    file().set(List.of("INSTANCE=p5.48xlarge", "CLUSTER_NAME=ml-cluster", "AWS_REGION=ap-northeast-1",
        "PCLUSTER_VERSION=3.13.1", "AZ=ap-northeast-1a", "NUM_INSTANCES=8", "CAPACITY_RESERVATION_ID=cr-0123456789abcdef0"), false);

    assertThat(Files.readString(dir.resolve("config.yaml"))).isEqualTo("""
        # pcluster-bootstrap settings (the hands-on's config.yaml); edit freely.
        CLUSTER_NAME: "ml-cluster"
        AWS_REGION: "ap-northeast-1"
        PCLUSTER_VERSION: "3.13.1"
        AZ: "ap-northeast-1a"
        NUM_INSTANCES: "8"
        INSTANCE: "p5.48xlarge"
        CAPACITY_RESERVATION_ID: "cr-0123456789abcdef0"
        """);
    assertThat(file().read()).containsEntry(SettingKey.NUM_INSTANCES, "8").hasSize(7);
  }

  @Test
  void aFileWrittenByYqIsRead() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "CLUSTER_NAME: ml-cluster\nAWS_REGION: ap-northeast-1\nNUM_INSTANCES: 3\n"
        + "FSxLustreFilesystemId: fs-0123456789abcdef0\n");

    Map<SettingKey, String> values = file().read();

    assertThat(values).containsEntry(SettingKey.NUM_INSTANCES, "3").containsEntry(SettingKey.FSxLustreFilesystemId, "fs-0123456789abcdef0");
  }

  @Test
  void everyBadValueIsNamedWithItsKeyAndNothingIsWritten() {
    assertThatThrownBy(() -> file().set(List.of("CLUSTER_NAME=9lives", "AWS_REGION=tokyo", "NUM_INSTANCES=0",
        "INSTANCE=P5.48XLARGE", "KEYPAIR_NAME=", "CAPACITY_RESERVATION_ID=cr-xyz", "POST_INSTALL_SCRIPTS_REF=main"), false))
        .isInstanceOfSatisfying(PcagentException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
          assertThat(e.getMessage()).isEqualTo(String.join("\n",
              "CLUSTER_NAME: '9lives' is not a cluster name: a letter, then letters, digits or -, at most 60",
              "AWS_REGION: 'tokyo' is not an AWS region such as ap-northeast-1",
              "NUM_INSTANCES: must be a whole number from 1 to 9999, got '0'",
              "INSTANCE: 'P5.48XLARGE' is not an EC2 instance type such as c5n.9xlarge",
              "CAPACITY_RESERVATION_ID: 'cr-xyz' is not a capacity reservation id such as cr-0123456789abcdef0",
              "POST_INSTALL_SCRIPTS_REF: 'main' is not a commit of aws-parallelcluster-post-install-scripts (40 hex digits; "
                  + "a branch such as main would change under the cluster)"));
        });
    assertThat(dir.resolve("config.yaml")).doesNotExist();
  }

  @Test
  void theZoneMustBeInTheRegion() {
    assertThatThrownBy(() -> file().set(List.of("AWS_REGION=ap-northeast-1", "AZ=us-east-1a"), false))
        .hasMessage("AZ: us-east-1a is not an availability zone of AWS_REGION ap-northeast-1");
  }

  @Test
  void unknownKeysAndMalformedAssignmentsAreRejected() throws Exception {
    assertThatThrownBy(() -> file().set(List.of("CLUSTERNAME=x", "AZ"), false))
        .hasMessage("CLUSTERNAME: Unknown property\nAZ: expected KEY=VALUE");
    Files.writeString(dir.resolve("config.yaml"), "CLUSTER_NAME: ml\nREGION: ap-northeast-1\nAZ: [a, b]\nDATA_BUCKET_NAME: \"\"\n");
    assertThatThrownBy(() -> file().read())
        .hasMessage("REGION: Unknown property\nAZ: expected a single value");
  }

  @Test
  void emptyValuesInTheFileAreErrorsAndAnEmptyAssignmentRemovesAKey() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "CLUSTER_NAME: ml\nDATA_BUCKET_NAME: \"\"\n");
    assertThatThrownBy(() -> file().read()).hasMessage("DATA_BUCKET_NAME: must not be empty");

    assertThat(file().set(List.of("DATA_BUCKET_NAME="), false)).doesNotContainKey(SettingKey.DATA_BUCKET_NAME);
    assertThat(file().read()).containsOnlyKeys(SettingKey.CLUSTER_NAME);
  }

  @Test
  void dryRunChangesNothing() {
    Map<SettingKey, String> values = file().set(List.of("CLUSTER_NAME=ml"), true);

    assertThat(values).containsEntry(SettingKey.CLUSTER_NAME, "ml");
    assertThat(dir.resolve("config.yaml")).doesNotExist();
  }

  @Test
  void aHeadNodeSmallerThanTheHandsOnRecommendsIsAWarning() {
    assertThat(SettingsFile.warnings(Map.of(SettingKey.HEAD_NODE_INSTANCE_TYPE, "c5n.large"))).containsExactly(
        "HEAD_NODE_INSTANCE_TYPE: c5n.large has 2 vCPUs; the hands-on recommends c5.9xlarge (36 vCPUs): on a head node this "
            + "small the CustomActions scripts can outlast CloudFormation's wait condition (35 minutes) and the cluster creation fails");
    assertThat(SettingsFile.warnings(Map.of(SettingKey.HEAD_NODE_INSTANCE_TYPE, "m6i.xlarge"))).hasSize(1);
    assertThat(SettingsFile.warnings(Map.of(SettingKey.HEAD_NODE_INSTANCE_TYPE, "c5.2xlarge"))).isEmpty();
    assertThat(SettingsFile.warnings(Map.of(SettingKey.HEAD_NODE_INSTANCE_TYPE, "c5.9xlarge"))).isEmpty();
    assertThat(SettingsFile.warnings(Map.of(SettingKey.HEAD_NODE_INSTANCE_TYPE, "c7g.metal"))).isEmpty();
  }

  @Test
  void aMissingFileSaysHowToCreateIt() {
    assertThatThrownBy(() -> file().read()).hasMessage(dir.resolve("config.yaml") + ": no such file (create it with: pcluster-bootstrap init)");
  }
}
