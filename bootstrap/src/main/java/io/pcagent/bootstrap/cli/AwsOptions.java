package io.pcagent.bootstrap.cli;

import io.pcagent.bootstrap.aws.AwsSession;
import io.pcagent.bootstrap.settings.SettingKey;
import io.pcagent.bootstrap.stacks.StackDeployer;
import io.pcagent.bootstrap.stacks.Stacks;
import io.pcagent.cli.ProgressLine;
import io.pcagent.error.PcagentException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --endpoint-url}, as in the AWS CLI: one endpoint for every service (a local test server, a VPC endpoint). */
final class AwsOptions {
  @Option(names = "--endpoint-url", description = "Send every AWS request to this URL instead of the region's endpoints.")
  URI endpoint;

  AwsSession session(Map<SettingKey, String> values, SettingsOptions settings) {
    return AwsSession.withDefaultCredentials(settings.required(values, SettingKey.AWS_REGION), endpoint());
  }

  Optional<URI> endpoint() {
    if (endpoint != null && (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?") || endpoint.getHost() == null)) {
      throw PcagentException.usage("--endpoint-url must be an http:// or https:// URL, got '" + endpoint + "'");
    }
    return Optional.ofNullable(endpoint);
  }

  /** Progress goes to stderr, so that stdout holds only the result (plain JSON with {@code --output json}). */
  static ProgressLine progress(PrintWriter err) {
    return new ProgressLine(err, System.console() != null);
  }

  /** Creates and deletes stacks, showing their progress on stderr. */
  static StackDeployer deployer(AwsSession session, CommandSpec spec, Duration poll) {
    return new StackDeployer(new Stacks(session.cloudFormation()), progress(spec.commandLine().getErr()), Clock.systemUTC(), poll);
  }
}
