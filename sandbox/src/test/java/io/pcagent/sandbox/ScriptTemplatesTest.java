package io.pcagent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptTemplatesTest {
  @Test
  void fillsEveryPlaceholder() {
    String script = ScriptTemplates.render("power-request.sh", Map.of("ACTION", "resume", "REQUESTS", "/var/sbx/power"));

    assertThat(script)
        .contains("requests='/var/sbx/power'")
        .contains("mv \"$tmp\" \"$requests/resume-${tmp##*.}.req\"")
        .doesNotContain("@");
  }

  @Test
  void refusesAPlaceholderLeftUnset() {
    assertThatThrownBy(() -> ScriptTemplates.render("power-request.sh", Map.of("ACTION", "resume")))
        .hasMessage("power-request.sh: placeholder @REQUESTS@ left unset");
  }

  @Test
  void refusesValuesThatWouldBreakOutOfTheirQuotes() {
    assertThatThrownBy(() -> ScriptTemplates.render("power-request.sh", Map.of("ACTION", "resume", "REQUESTS", "/tmp/x'; rm -rf /")))
        .hasMessage("REQUESTS must not contain a quote: /tmp/x'; rm -rf /");
  }
}
