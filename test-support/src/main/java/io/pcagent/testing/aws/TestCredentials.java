package io.pcagent.testing.aws;

import java.util.Map;

/**
 * Credentials for the SDK's default chain through its system properties (the fake server does not check
 * signatures, only their scope); {@link #none} hides every source, for the missing-credentials case.
 */
public final class TestCredentials {
  private static final Map<String, String> PRESENT = Map.of(
      "aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE",
      "aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "aws.disableEc2Metadata", "true",
      "aws.sharedCredentialsFile", "/nonexistent/aws/credentials",
      "aws.configFile", "/nonexistent/aws/config");

  private TestCredentials() {}

  public static void present() {
    PRESENT.forEach(System::setProperty);
  }

  public static void none() {
    present();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }
}
