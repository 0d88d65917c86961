package io.pcagent.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import io.pcagent.testing.aws.FakeAws.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * S3 behind {@link FakeAws}: path-style PutObject (plain or aws-chunked, with the flexible checksum in a header or
 * a trailer, verified as S3 does), HeadObject with user metadata, and conditional writes ({@code If-None-Match: *}
 * answers 412 when the key exists). Buckets must be declared by the test.
 */
public final class FakeS3 {
  /** A stored object. */
  public record StoredObject(byte[] content, Map<String, String> metadata) {}

  record Request(String method, String bucket, String key, Map<String, String> headers, byte[] body) {
    String operation() {
      return switch (method) {
        case "PUT" -> "PutObject";
        case "HEAD" -> "HeadObject";
        case "GET" -> "GetObject";
        default -> method;
      };
    }
  }

  private final Set<String> buckets = new HashSet<>();
  private final Map<String, StoredObject> objects = new LinkedHashMap<>();

  public synchronized void bucket(String name) {
    buckets.add(name);
  }

  public synchronized Map<String, StoredObject> objects() {
    return Map.copyOf(objects);
  }

  public synchronized void put(String bucketAndKey, byte[] content, Map<String, String> metadata) {
    objects.put(bucketAndKey, new StoredObject(content, Map.copyOf(metadata)));
  }

  static Request request(HttpExchange exchange, byte[] body) {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.substring(1).split("/", 2);
    Map<String, String> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    return new Request(exchange.getRequestMethod(), parts[0], parts.length > 1 ? parts[1] : "", headers, body);
  }

  Reply handle(Request request) {
    if (!buckets.contains(request.bucket())) {
      return error(404, "NoSuchBucket", "The specified bucket does not exist");
    }
    String name = request.bucket() + "/" + request.key();
    StoredObject object = objects.get(name);
    return switch (request.operation()) {
      case "HeadObject", "GetObject" -> object == null ? error(404, "NoSuchKey", "The specified key does not exist.")
          : new Reply(200, "application/octet-stream", request.method().equals("HEAD") ? new byte[0] : object.content(),
              headersOf(object));
      case "PutObject" -> put(request, name, object);
      default -> error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    };
  }

  private Reply put(Request request, String name, StoredObject existing) {
    if ("*".equals(request.headers().get("if-none-match")) && existing != null) {
      return error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    }
    Map<String, String> trailers = new HashMap<>();
    byte[] content = isChunked(request) ? decodeChunked(request.body(), trailers) : request.body();
    String decodedLength = request.headers().get("x-amz-decoded-content-length");
    if (decodedLength != null && Long.parseLong(decodedLength) != content.length) {
      return error(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
    }
    String sha256 = request.headers().getOrDefault("x-amz-checksum-sha256", trailers.get("x-amz-checksum-sha256"));
    if (sha256 != null && !sha256.equals(base64(digest(content)))) {
      return error(400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.");
    }
    String crc32 = request.headers().getOrDefault("x-amz-checksum-crc32", trailers.get("x-amz-checksum-crc32"));
    if (crc32 != null && !crc32.equals(base64(crc32(content)))) {
      return error(400, "BadDigest", "The CRC32 you specified did not match the calculated checksum.");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    request.headers().forEach((k, v) -> {
      if (k.startsWith("x-amz-meta-")) {
        metadata.put(k.substring("x-amz-meta-".length()), v);
      }
    });
    StoredObject object = new StoredObject(content, metadata);
    objects.put(name, object);
    return new Reply(200, null, new byte[0], headersOf(object));
  }

  private static boolean isChunked(Request request) {
    return String.valueOf(request.headers().get("content-encoding")).contains("aws-chunked")
        || String.valueOf(request.headers().get("x-amz-content-sha256")).startsWith("STREAMING-");
  }

  /** aws-chunked: {@code <hex size>[;chunk-signature=..]\r\n<data>\r\n}..., a 0-size chunk, then trailer lines. */
  static byte[] decodeChunked(byte[] body, Map<String, String> trailers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int eol = indexOfCrlf(body, at);
      String header = new String(body, at, eol - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
      at = eol + 2;
      if (size == 0) {
        break;
      }
      out.write(body, at, size);
      at += size + 2;
    }
    while (at < body.length) {
      int eol = indexOfCrlf(body, at);
      String line = new String(body, at, eol - at, StandardCharsets.US_ASCII);
      at = eol + 2;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      trailers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] body, int from) {
    for (int i = from; i + 1 < body.length; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("aws-chunked body without CRLF after offset " + from);
  }

  private static Map<String, String> headersOf(StoredObject object) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ETag", "\"" + UUID.nameUUIDFromBytes(object.content()).toString().replace("-", "") + "\"");
    headers.put("Last-Modified", "Sun, 29 Nov 2026 10:00:00 GMT");
    object.metadata().forEach((k, v) -> headers.put("x-amz-meta-" + k, v));
    return headers;
  }

  static byte[] digest(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] crc32(byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static Reply error(int status, String code, String message) {
    return Reply.of(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>" + FakeCloudFormation.tag("Code", code)
        + FakeCloudFormation.tag("Message", message) + "<RequestId>" + UUID.randomUUID() + "</RequestId></Error>");
  }
}
