package io.pcagent.bytes;

/**
 * The CRC-32 of two byte sequences one after the other, from each one's CRC-32 and the second's length, without their
 * bytes: zlib's {@code crc32_combine} (the JDK has no such call). A body kept for many responses (the whole node list,
 * 31 MB at 50,000 nodes) is summed once; each response's small head and tail are summed alone and combined with it.
 * The method is zlib's: appending {@code len2} zero bytes to the first sequence is a linear map over GF(2), applied by
 * squaring a 32x32 matrix of the CRC's polynomial once per bit of the length.
 */
public final class Crc32Combine {
  /** The reflected CRC-32 polynomial of zlib and java.util.zip.CRC32. */
  private static final long POLYNOMIAL = 0xedb88320L;

  private Crc32Combine() {}

  public static long combine(long crc1, long crc2, long len2) {
    if (len2 <= 0) {
      return crc1;
    }
    long[] even = new long[32];
    long[] odd = new long[32];
    odd[0] = POLYNOMIAL; // the operator for one zero bit
    long row = 1;
    for (int n = 1; n < 32; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    long crc = crc1;
    long left = len2;
    do { // one zero byte first, then 2, 4, 8...: apply the operator of each bit set in the length
      square(even, odd);
      if ((left & 1) != 0) {
        crc = times(even, crc);
      }
      left >>= 1;
      if (left == 0) {
        break;
      }
      square(odd, even);
      if ((left & 1) != 0) {
        crc = times(odd, crc);
      }
      left >>= 1;
    } while (left != 0);
    return (crc ^ crc2) & 0xffffffffL;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    long bits = vector;
    for (int i = 0; bits != 0; i++, bits >>>= 1) {
      if ((bits & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(long[] square, long[] matrix) {
    for (int n = 0; n < 32; n++) {
      square[n] = times(matrix, matrix[n]);
    }
  }
}
