package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {
  @TempDir Path dir;

  @Test
  void theSchemeIsCaseInsensitiveTheTokenIsNot() throws Exception {
    ApiToken token = ApiToken.loadOrCreate(dir.resolve("token"));
    String value = Files.readString(dir.resolve("token")).strip();

    assertThat(Files.getPosixFilePermissions(dir.resolve("token"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(token.accepts("Bearer " + value)).isTrue();
    assertThat(token.accepts("bearer " + value)).isTrue();
    assertThat(token.accepts("BEARER  " + value + "\t")).isTrue();
    assertThat(token.accepts("Bearer " + value.toUpperCase(Locale.ROOT))).isFalse();
    assertThat(token.accepts("Bearer " + value + "0")).isFalse();
    assertThat(token.accepts(value)).isFalse();
    assertThat(token.accepts("Basic " + value)).isFalse();
    assertThat(token.accepts("Bearer")).isFalse();
    assertThat(token.accepts(null)).isFalse();
  }
}
