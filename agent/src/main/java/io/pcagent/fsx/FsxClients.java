package io.pcagent.fsx;

import io.pcagent.config.Cfnconfig;
import io.pcagent.config.FsxConfig;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.FSxClientBuilder;

/**
 * The FSx client of the agent: the region configured, else the head node's {@code cfn_region} (/etc/parallelcluster/
 * cfnconfig), else the SDK's chain; credentials from the SDK's default chain (on a head node: the instance role through
 * instance metadata, which the installer opens to the agent's user where {@code HeadNode.Imds.Secured} closed it).
 * Made on the monitor's first round, so that a missing region or credentials is a degraded check, not a failed start.
 */
public final class FsxClients {
  private FsxClients() {}

  public static FSxClient of(FsxConfig config) {
    return of(config, Cfnconfig.PATH);
  }

  static FSxClient of(FsxConfig config, Path cfnconfig) {
    FSxClientBuilder builder = FSxClient.builder()
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(30)).build());
    config.region().or(() -> Cfnconfig.value(cfnconfig, "cfn_region")).map(Region::of).ifPresent(builder::region);
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
