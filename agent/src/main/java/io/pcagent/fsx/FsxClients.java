package io.pcagent.fsx;

import io.pcagent.config.FsxConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.FSxClientBuilder;

/**
 * The FSx client of the agent: credentials and, unless configured, the region from the SDK's default chains (on a head
 * node: its instance role and instance metadata). Made on the monitor's first round, so that a missing region or
 * credentials is a degraded check, not a failed start.
 */
public final class FsxClients {
  private FsxClients() {}

  public static FSxClient of(FsxConfig config) {
    FSxClientBuilder builder = FSxClient.builder()
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(30)).build());
    config.region().map(Region::of).ifPresent(builder::region);
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
