package io.pcagent.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectChunkOutputStreamTest {

  @Test
  void everyByteComesBackInOrderAcrossGrowingDirectChunks() {
    byte[] data = new byte[5_000_000];
    new Random(42).nextBytes(data);
    DirectChunkOutputStream out = new DirectChunkOutputStream();
    out.write(data[0]);
    out.write(data, 1, 99_999);
    for (int i = 100_000; i < data.length; i += 70_001) {
      out.write(data, i, Math.min(70_001, data.length - i));
    }

    List<ByteBuffer> chunks = out.chunks();

    assertThat(out.length()).isEqualTo(data.length);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.isDirect() && chunk.isReadOnly()).isTrue());
    assertThat(chunks.stream().mapToInt(ByteBuffer::capacity).max().getAsInt()).isEqualTo(1024 * 1024);
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    chunks.forEach(chunk -> {
      byte[] copy = new byte[chunk.remaining()];
      chunk.get(copy);
      back.writeBytes(copy);
    });
    assertThat(back.toByteArray()).isEqualTo(data);
  }

  @Test
  void nothingIsWrittenOnceTheChunksAreTaken() {
    DirectChunkOutputStream out = new DirectChunkOutputStream();
    out.write(new byte[16 * 1024], 0, 16 * 1024);
    assertThat(out.chunks()).hasSize(1);

    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class).hasMessage("written after chunks() was taken");
  }
}
