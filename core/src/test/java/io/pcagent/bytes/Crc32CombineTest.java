package io.pcagent.bytes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Against java.util.zip.CRC32 of the joined bytes, for lengths from none to megabytes, seeded. */
class Crc32CombineTest {
  @Test
  void combinedIsTheCrcOfTheJoinedBytes() {
    Random random = new Random(20261206L);
    int[] lengths = {0, 1, 2, 3, 7, 8, 255, 256, 4096, 65_537, 1 << 20, 3_000_001};
    for (int first : lengths) {
      for (int second : lengths) {
        byte[] a = new byte[first];
        byte[] b = new byte[second];
        random.nextBytes(a);
        random.nextBytes(b);
        CRC32 joined = new CRC32();
        joined.update(a);
        joined.update(b);

        assertThat(Crc32Combine.combine(crc(a), crc(b), second)).as("%d then %d bytes", first, second).isEqualTo(joined.getValue());
      }
    }
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
