package io.pcagent.bootstrap.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pcagent.bootstrap.BootstrapRun;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keypair check, keypair create and instance-types: the real EC2 client against the local server speaking EC2's query protocol. */
class Ec2CommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private FakeAws aws;

  @BeforeEach
  void setUp() throws Exception {
    TestCredentials.present();
    aws = new FakeAws();
    assertThat(BootstrapRun.of("init", "--config-dir", dir.toString(), "--cluster-name", "ml-cluster", "--region", "ap-northeast-1",
        "--pcluster-version", "3.13.1").exitCode()).isZero();
    assertThat(BootstrapRun.of("set", "--config-dir", dir.toString(), "KEYPAIR_NAME=my-keypair", "INSTANCE=c5n.9xlarge",
        "HEAD_NODE_INSTANCE_TYPE=c5.9xlarge").exitCode()).isZero();
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private BootstrapRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config-dir", dir.toString(), "--endpoint-url", aws.endpoint().toString(), "--output", "json"));
    return BootstrapRun.of(all.toArray(String[]::new));
  }

  @Test
  void aMissingKeyPairFailsTheCheckSayingHowToMakeOne() throws Exception {
    BootstrapRun missing = run("keypair", "check");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("key pair my-keypair does not exist in ap-northeast-1: create it with pcluster-bootstrap keypair create");
    assertThat(aws.calls()).extracting(FakeAws.Call::service, FakeAws.Call::region, FakeAws.Call::operation)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ec2", "ap-northeast-1", "DescribeKeyPairs"));

    aws.ec2.keyPair("my-keypair");
    BootstrapRun present = run("keypair", "check");
    assertThat(present.exitCode()).as(present.toString()).isZero();
    JsonNode pair = JSON.readTree(present.out());
    assertThat(pair.get("keyName").asText()).isEqualTo("my-keypair");
    assertThat(pair.get("keyPairId").asText()).startsWith("key-");
  }

  @Test
  void createWritesThePrivateKeyReadableByTheOwnerOnlyAndNeverOverwrites() throws Exception {
    Path key = dir.resolve("ssh").resolve("my-keypair.pem");

    BootstrapRun created = run("keypair", "create", "--key-file", key.toString());

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(JSON.readTree(created.out()).get("keyFile").asText()).isEqualTo(key.toString());
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent()))).isEqualTo("rwx------");
    assertThat(aws.ec2.hasKeyPair("my-keypair")).isTrue();

    BootstrapRun again = run("keypair", "create", "--key-file", key.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains(key + " exists: give another --key-file (an existing key is never overwritten)");
    BootstrapRun duplicate = run("keypair", "create", "--key-file", dir.resolve("other.pem").toString());
    assertThat(duplicate.exitCode()).isEqualTo(1);
    assertThat(duplicate.err()).contains("EC2 CreateKeyPair: InvalidKeyPair.Duplicate: The keypair already exists");
    assertThat(dir.resolve("other.pem")).doesNotExist();
  }

  @Test
  void instanceTypesComeFromEc2EfaIsRequiredAndASmallHeadNodeIsAWarning() throws Exception {
    BootstrapRun fine = run("instance-types");
    assertThat(fine.exitCode()).as(fine.toString()).isZero();
    JsonNode types = JSON.readTree(fine.out());
    assertThat(types.get("instanceEfa").asBoolean()).isTrue();
    assertThat(types.get("headNodeVcpus").asInt()).isEqualTo(36);
    assertThat(types.get("warnings")).isEmpty();

    BootstrapRun.of("set", "--config-dir", dir.toString(), "INSTANCE=c5.9xlarge", "HEAD_NODE_INSTANCE_TYPE=c5n.large");
    BootstrapRun bad = run("instance-types");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("warning: HEAD_NODE_INSTANCE_TYPE: c5n.large has 2 vCPUs",
        "INSTANCE: c5.9xlarge has no EFA, which the cluster template enables");
    assertThat(JSON.readTree(bad.out()).get("instanceEfa").asBoolean()).isFalse();

    BootstrapRun.of("set", "--config-dir", dir.toString(), "INSTANCE=c9.99xlarge");
    BootstrapRun unknown = run("instance-types");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("EC2 DescribeInstanceTypes: InvalidInstanceType: The following supplied instance types do not exist: [c9.99xlarge]");
  }
}
