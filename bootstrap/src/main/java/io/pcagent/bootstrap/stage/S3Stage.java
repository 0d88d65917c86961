package io.pcagent.bootstrap.stage;

import io.pcagent.bootstrap.aws.AwsCalls;
import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads staged files to S3 without ever replacing one: a key that holds the same content (same sha256 in its
 * metadata) is left as it is, a key that holds other content is refused, and the upload itself is conditional
 * ({@code If-None-Match: *}), so that two operators staging at once cannot overwrite each other. S3 checks each
 * upload against its SHA-256 checksum.
 */
public final class S3Stage {
  /** What happened to one object. */
  public enum Result { UPLOADED, UNCHANGED }

  static final String SHA256_METADATA = "sha256";

  private final S3Client s3;

  public S3Stage(S3Client s3) {
    this.s3 = s3;
  }

  /** The request PutObject is sent (the body aside); also what {@code --dry-run} prints. */
  public static PutObjectRequest putRequest(String bucket, String key, String sha256) {
    return PutObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .ifNoneMatch("*")
        .metadata(Map.of(SHA256_METADATA, sha256))
        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
        .build();
  }

  public Result put(String bucket, String key, byte[] content) {
    String sha256 = AgentBundle.sha256(content);
    String uri = "s3://" + bucket + "/" + key;
    Optional<String> existing = existingSha256(bucket, key);
    if (existing.isPresent()) {
      if (existing.get().equals(sha256)) {
        return Result.UNCHANGED;
      }
      throw refused(uri, existing.get(), sha256);
    }
    boolean written = AwsCalls.callIfPresent("PutObject",
        () -> s3.putObject(putRequest(bucket, key, sha256), RequestBody.fromBytes(content)), e -> e.statusCode() == 412)
        .isPresent();
    if (!written) {
      throw refused(uri, "(written meanwhile by someone else)", sha256);
    }
    return Result.UPLOADED;
  }

  /** The sha256 the object was staged with; empty when there is no such object. */
  private Optional<String> existingSha256(String bucket, String key) {
    return AwsCalls.callIfPresent("HeadObject", () -> s3.headObject(r -> r.bucket(bucket).key(key)),
            e -> e instanceof NoSuchKeyException)
        .map(head -> head.metadata().getOrDefault(SHA256_METADATA, "(none: not staged by pcluster-bootstrap)"));
  }

  private static PcagentException refused(String uri, String existing, String sha256) {
    return new PcagentException(ExitCode.FAILURE, uri + " exists with sha256 " + existing + ", not " + sha256
        + ": staged objects are never replaced; stage under a new --label");
  }
}
