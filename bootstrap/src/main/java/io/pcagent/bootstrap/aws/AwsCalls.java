package io.pcagent.bootstrap.aws;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs one AWS operation and turns its failure into a message an operator can act on:
 * {@code <operation>: <AWS error code>: <message>}. Throttling and AWS-side errors that outlived the SDK's
 * retries, and AWS not reachable at all, end with exit code 3; a refused request (bad parameter, access denied)
 * with 1.
 */
public final class AwsCalls {
  private AwsCalls() {}

  public static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      throw failure(operation, e);
    } catch (SdkClientException e) {
      throw unreachable(operation, e);
    }
  }

  /**
   * Like {@link #call}, but an AWS answer that {@code absent} recognises (the stack, the key, the invocation does
   * not exist) is an empty result instead of a failure.
   */
  public static <T> Optional<T> callIfPresent(String operation, Supplier<T> call, Predicate<AwsServiceException> absent) {
    try {
      return Optional.of(call.get());
    } catch (AwsServiceException e) {
      if (absent.test(e)) {
        return Optional.empty();
      }
      throw failure(operation, e);
    } catch (SdkClientException e) {
      throw unreachable(operation, e);
    }
  }

  public static PcagentException unreachable(String operation, SdkClientException e) {
    return new PcagentException(ExitCode.UNREACHABLE, operation + ": AWS not reachable: " + e.getMessage(), e);
  }

  public static PcagentException failure(String operation, AwsServiceException e) {
    ExitCode code = e.isThrottlingException() || e.statusCode() >= 500 ? ExitCode.UNREACHABLE : ExitCode.FAILURE;
    return new PcagentException(code, operation + ": " + errorCode(e) + ": " + message(e), e);
  }

  public static String errorCode(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    return details == null || details.errorCode() == null ? "HTTP " + e.statusCode() : details.errorCode();
  }

  private static String message(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    return details == null || details.errorMessage() == null ? e.getMessage() : details.errorMessage();
  }
}
