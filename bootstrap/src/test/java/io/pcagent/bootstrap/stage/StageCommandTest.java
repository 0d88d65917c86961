package io.pcagent.bootstrap.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pcagent.bootstrap.BootstrapRun;
import io.pcagent.testing.aws.FakeAws;
import io.pcagent.testing.aws.FakeS3.StoredObject;
import io.pcagent.testing.aws.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stage: the real SDK's S3 client (aws-chunked uploads with a SHA-256 trailer) against the fake S3 REST server. */
class StageCommandTest {
  private static final String BUCKET = "cluster-data-bucket-x-1";
  private static final String BASE = BUCKET + "/pcluster-agent/0.1.0/";
  @TempDir Path dir;
  private FakeAws aws;
  private Path jar;

  @BeforeEach
  void setUp() throws Exception {
    TestCredentials.present();
    aws = new FakeAws();
    aws.s3.bucket(BUCKET);
    jar = Files.write(dir.resolve("pcluster-agent.jar"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    assertThat(run("init", "--cluster-name", "ml-cluster", "--region", "ap-northeast-1", "--pcluster-version", "3.13.1").exitCode()).isZero();
    assertThat(run("set", "DATA_BUCKET_NAME=" + BUCKET).exitCode()).isZero();
  }

  @AfterEach
  void tearDown() {
    aws.close();
  }

  private BootstrapRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config-dir", dir.toString()));
    if (args[0].equals("stage")) {
      all.addAll(List.of("--endpoint-url", aws.endpoint().toString(), "--agent-jar", jar.toString(), "--label", "0.1.0"));
    }
    return BootstrapRun.of(all.toArray(String[]::new));
  }

  @Test
  void uploadsTheBundleAndItsInstallerWithChecksumsOnceOnly() throws Exception {
    BootstrapRun staged = run("stage");
    assertThat(staged.exitCode()).as(staged.toString()).isZero();
    StoredObject archive = aws.s3.objects().get(BASE + AgentBundle.ARCHIVE);
    String sha256 = AgentBundle.sha256(archive.content());
    assertThat(archive.metadata()).containsEntry("sha256", sha256);
    assertThat(aws.s3.objects().get(BASE + AgentBundle.POSTINSTALL).content()).isEqualTo(AgentBundle.resource(AgentBundle.POSTINSTALL));
    assertThat(aws.s3.objects().get(BASE + AgentBundle.JOB_USER_STEP).content()).isEqualTo(AgentBundle.resource(AgentBundle.JOB_USER_STEP));
    assertThat(staged.out()).isEqualTo("script: s3://" + BASE + AgentBundle.POSTINSTALL + "\nscript_upload: UPLOADED\n"
        + "job_user_step: s3://" + BASE + AgentBundle.JOB_USER_STEP + "\njob_user_step_upload: UPLOADED\n"
        + "bundle: s3://" + BASE + AgentBundle.ARCHIVE + "\nbundle_upload: UPLOADED\nsha256: " + sha256 + "\n");
    assertThat(aws.calls()).allSatisfy(c -> assertThat(c.service()).isEqualTo("s3"));
    assertThat(Files.readString(dir.resolve(StagedAgent.NAME))).contains("sha256: \"" + sha256 + "\"");

    BootstrapRun again = run("stage");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("script_upload: UNCHANGED\n", "job_user_step_upload: UNCHANGED\n", "bundle_upload: UNCHANGED\n");
    assertThat(aws.operations().stream().filter("PutObject"::equals)).hasSize(3);

    assertThat(run("set", "KEYPAIR_NAME=my-keypair", "INSTANCE=c5n.9xlarge", "NUM_INSTANCES=3", "HEAD_NODE_INSTANCE_TYPE=c5n.large",
        "PublicSubnet=subnet-00738f6db68fa46d2", "SecurityGroup=sg-09f73a7cc2a170abc", "PrimaryPrivateSubnet=subnet-0fe2476bb2e98a579",
        "FSxORootVolumeId=fsvol-057e2427d7dcbc766", "FSxLustreFilesystemId=fs-002917c15943993c7").exitCode()).isZero();
    BootstrapRun rendered = run("render");
    assertThat(rendered.exitCode()).as(rendered.toString()).isZero();
    assertThat(Files.readString(dir.resolve("cluster.yaml"))).as("render takes what stage wrote")
        .contains("Script: s3://" + BASE + AgentBundle.POSTINSTALL, "- s3://" + BASE + AgentBundle.ARCHIVE, "- " + sha256,
            "OnNodeUpdated:", "Script: s3://" + BASE + AgentBundle.JOB_USER_STEP)
        .doesNotContain("--expected-nodes");
  }

  @Test
  void theArchiveIsARealTarGzWithEverythingTheHeadNodeInstalls() throws Exception {
    assertThat(run("stage").exitCode()).isZero();
    Path archive = Files.write(dir.resolve("bundle.tar.gz"), aws.s3.objects().get(BASE + AgentBundle.ARCHIVE).content());
    Process tar = new ProcessBuilder("tar", "-tvzf", archive.toString()).redirectErrorStream(true).start();
    String listing = new String(tar.getInputStream().readAllBytes());
    assertThat(tar.waitFor()).as(listing).isZero();
    assertThat(listing.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1))).containsExactly("VERSION", "pcluster-agent.jar",
        "bin/pcluster-agent", "config/agent.yaml", "systemd/pcluster-agent.service", "systemd/pcluster-agent-runner.service", AgentBundle.POSTINSTALL,
        AgentBundle.JOB_USER_STEP);
    assertThat(listing).contains("-rwxr-xr-x root/root").contains(" 7 1970-01-01");
    assertThat(AgentBundle.build(jar, "0.1.0").sha256()).as("the same files give the same bytes")
        .isEqualTo(AgentBundle.build(jar, "0.1.0").sha256());
  }

  @Test
  void aDifferentBundleUnderTheSameLabelIsRefused() throws Exception {
    assertThat(run("stage").exitCode()).isZero();
    Files.write(jar, new byte[] {'P', 'K', 3, 4, 9});
    BootstrapRun refused = run("stage");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).matches("stage: s3://" + BASE + AgentBundle.ARCHIVE + " exists with sha256 [0-9a-f]{64}, not "
        + "[0-9a-f]{64}: staged objects are never replaced; stage under a new --label\n");
    assertThat(aws.operations().stream().filter("PutObject"::equals)).hasSize(3);
  }

  @Test
  void aMissingBucketAndAMissingJar() throws Exception {
    assertThat(run("set", "DATA_BUCKET_NAME=no-such-bucket").exitCode()).isZero();
    BootstrapRun missing = run("stage");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("stage: PutObject: NoSuchBucket: The specified bucket does not exist\n");
    Files.delete(jar);
    BootstrapRun noJar = run("stage");
    assertThat(noJar.exitCode()).isEqualTo(2);
    assertThat(noJar.err()).isEqualTo("stage: " + jar + ": no such file (build it with: mvn -Pquick package, or pass --agent-jar)\n");
  }
}
