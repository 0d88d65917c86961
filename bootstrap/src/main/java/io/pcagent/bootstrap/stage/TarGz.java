package io.pcagent.bootstrap.stage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * A minimal ustar writer for regular files, deterministic on purpose: owner 0, time 0, gzip without a time, so
 * that the same files always give the same bytes, hence the same sha256 (staging twice is then a no-op).
 */
final class TarGz {
  private static final int BLOCK = 512;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputStream gzip;

  TarGz() {
    try {
      gzip = new GZIPOutputStream(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void add(String name, int mode, byte[] content) throws IOException {
    byte[] path = name.getBytes(StandardCharsets.UTF_8);
    if (path.length > 99 || name.startsWith("/") || name.contains("..")) {
      throw new IllegalArgumentException("tar entry name not allowed: " + name);
    }
    byte[] header = new byte[BLOCK];
    System.arraycopy(path, 0, header, 0, path.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, content.length);
    octal(header, 136, 12, 0);
    header[156] = '0';
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
    header[263] = '0';
    header[264] = '0';
    System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, header, 265, 4);
    System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, header, 297, 4);
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    octal(header, 148, 7, sum);
    gzip.write(header);
    gzip.write(content);
    gzip.write(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
  }

  byte[] finish() throws IOException {
    gzip.write(new byte[2 * BLOCK]);
    gzip.close();
    return bytes.toByteArray();
  }

  /** Zero-padded octal, NUL-terminated, filling {@code length} bytes. */
  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }
}
