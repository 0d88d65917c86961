package io.pcagent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineTapTest {
  private final List<String> lines = new ArrayList<>();
  private final LineTap tap = new LineTap(lines::add);

  @Test
  void joinsLinesSplitAcrossReadsAndSkipsEmptyOnes() {
    feed("[INFO] Fetch");
    feed("ing image manifest\n\n[INFO] Extracting");
    feed(" image layers...\r\n");

    assertThat(lines).containsExactly("[INFO] Fetching image manifest", "[INFO] Extracting image layers...");
  }

  @Test
  void cutsAVeryLongLineAndHandsOverTheLastOneAtTheEnd() {
    feed("x".repeat(LineTap.MAX_LINE_BYTES + 10));
    tap.finish();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(LineTap.MAX_LINE_BYTES);
    assertThat(lines.get(1)).isEqualTo("x".repeat(10));
  }

  private void feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    tap.accept(bytes, bytes.length);
  }
}
