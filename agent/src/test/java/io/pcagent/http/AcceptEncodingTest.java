package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "gzip | true",
      "gzip, deflate | true",
      "identity, GZIP;q=0.5 | true",
      "deflate | false",
      "gzip;q=0 | false",
      "gzip; q=0.0, identity | false",
      "null | false",
  })
  void gzipUnlessRefused(String header, boolean gzip) {
    assertThat(ApiServer.acceptsGzip(header)).isEqualTo(gzip);
  }
}
