package io.pcagent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DirectTextWriterTest {

  @Test
  void textOfManyChunksComesBackWholeAsUtf8InDirectMemory() {
    DirectTextWriter out = new DirectTextWriter();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 60_000; i++) {
      // non-ASCII reasons, and a character outside the BMP (a surrogate pair)
      String line = "slurm_node_reason_info{node=\"n-" + i + "\",reason=\"Kühlung ausgefallen \uD83D\uDD25\"} 1\n";
      out.text().append(line);
      expected.append(line);
      out.spill();
    }

    TextPart part = out.finish();

    assertThat(part.chunks()).hasSizeGreaterThan(3).allSatisfy(chunk -> assertThat(chunk.isDirect()).isTrue());
    byte[] bytes = TextPart.bytes(part.chunks());
    assertThat(part.length()).isEqualTo(bytes.length);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
  }

  @Test
  void anUnpairedSurrogateBecomesAReplacementNotAFailure() {
    DirectTextWriter out = new DirectTextWriter();
    out.text().append("reason=\"a\uD800b\"\n");

    TextPart part = out.finish();

    assertThat(new String(TextPart.bytes(part.chunks()), StandardCharsets.UTF_8)).isEqualTo("reason=\"a?b\"\n");
  }
}
