package io.pcagent.bootstrap.aws;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS clients of one command: one region, one HTTP client, the default credential chain (environment,
 * profile, SSO, instance role), and optionally one endpoint for every service ({@code --endpoint-url}, as the
 * AWS CLI has it; the tests point it at a local server). Credentials are looked for once, before the first call,
 * so that their absence is explained instead of surfacing as a failed request.
 */
public final class AwsSession implements AutoCloseable {
  private final Region region;
  private final Optional<URI> endpoint;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  private boolean credentialsFound;
  private CloudFormationClient cloudFormation;
  private Ec2Client ec2;
  private FSxClient fsx;
  private S3Client s3;
  private SsmClient ssm;

  public AwsSession(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
    this.region = Region.of(region);
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60))
        .build();
  }

  public static AwsSession withDefaultCredentials(String region, Optional<URI> endpoint) {
    return new AwsSession(region, endpoint, DefaultCredentialsProvider.builder().build());
  }

  public synchronized CloudFormationClient cloudFormation() {
    if (cloudFormation == null) {
      cloudFormation = configure(CloudFormationClient.builder()).build();
    }
    return cloudFormation;
  }

  public synchronized Ec2Client ec2() {
    if (ec2 == null) {
      ec2 = configure(Ec2Client.builder()).build();
    }
    return ec2;
  }

  public synchronized FSxClient fsx() {
    if (fsx == null) {
      fsx = configure(FSxClient.builder()).build();
    }
    return fsx;
  }

  public synchronized S3Client s3() {
    if (s3 == null) {
      s3 = configure(S3Client.builder()).forcePathStyle(endpoint.isPresent()).build();
    }
    return s3;
  }

  public synchronized SsmClient ssm() {
    if (ssm == null) {
      ssm = configure(SsmClient.builder()).build();
    }
    return ssm;
  }

  private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder) {
    requireCredentials();
    builder.region(region).credentialsProvider(credentials).httpClient(http);
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  private void requireCredentials() {
    if (credentialsFound) {
      return;
    }
    try {
      credentials.resolveCredentials();
      credentialsFound = true;
    } catch (SdkClientException e) {
      throw new PcagentException(ExitCode.USAGE, "no AWS credentials found. Set AWS_PROFILE to a profile of ~/.aws/config "
          + "(aws configure, or aws sso login for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
          + "(and AWS_SESSION_TOKEN for temporary ones). The SDK said: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable client : new AutoCloseable[] {cloudFormation, ec2, fsx, s3, ssm}) {
      if (client != null) {
        try {
          client.close();
        } catch (Exception e) {
          // closing a client releases nothing remote: nothing to report
        }
      }
    }
    http.close();
  }
}
