package io.pcagent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pcagent.images.ImageImportRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageBodyTest {
  @Test
  void takesEnrootsThreeSchemes() {
    assertThat(ImageBody.parse("{\"source\":\"docker://nvcr.io#nvidia/pytorch:24.07-py3\",\"name\":\"pytorch-24.07\"}"))
        .isEqualTo(new ImageImportRequest("pytorch-24.07", "docker://nvcr.io#nvidia/pytorch:24.07-py3"));
    assertThat(ImageBody.parse("{\"source\":\"dockerd://public.ecr.aws/ubuntu/ubuntu:22.04\",\"name\":\"ubuntu\"}").source())
        .isEqualTo("dockerd://public.ecr.aws/ubuntu/ubuntu:22.04");
    assertThat(ImageBody.parse("{\"source\":\"docker://user@127.0.0.1:5000#pcagent/busybox:latest\",\"name\":\"b\"}").name())
        .isEqualTo("b");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"source\":\"docker://ubuntu\",\"name\":\"../etc/passwd\"} | name: '../etc/passwd' must not contain '/'",
      "{\"source\":\"docker://ubuntu\",\"name\":\"a..b\"} | name: 'a..b' must not contain '..'",
      "{\"source\":\"docker://ubuntu\",\"name\":\"ubuntu.sqsh\"} | name: 'ubuntu.sqsh' is given without .sqsh (the file is NAME.sqsh)",
      "{\"source\":\"docker://ubuntu\",\"name\":\"-rf\"} | name: '-rf' may hold letters, digits, '.', '_', '+' and '-', and starts with a letter or digit",
      "{\"source\":\"docker://ubuntu\",\"name\":\"a b;rm\"} | name: 'a b;rm' may hold letters, digits, '.', '_', '+' and '-', and starts with a letter or digit",
      "{\"source\":\"docker://ubuntu\",\"name\":\"\"} | name: '' must be 1 to 128 characters, got 0",
      "{\"source\":\"docker://ubuntu\"} | name: is required",
      "{\"name\":\"x\"} | source: is required",
      "{\"source\":7,\"name\":\"x\"} | source: must be a string, got 7",
      "{\"source\":\"https://example.com/x.tar\",\"name\":\"x\"} | source: must be docker://[USER@][REGISTRY#]IMAGE[:TAG], dockerd://IMAGE[:TAG] or podman://IMAGE[:TAG]",
      "{\"source\":\"docker://ubuntu $(reboot)\",\"name\":\"x\"} | source: must be docker://[USER@][REGISTRY#]IMAGE[:TAG], dockerd://IMAGE[:TAG] or podman://IMAGE[:TAG]",
      "{\"source\":\"docker://-o/etc/x\",\"name\":\"x\"} | source: '-o/etc/x' is not an image reference ([USER@][REGISTRY#]IMAGE[:TAG])",
      "{\"source\":\"docker://ubuntu\",\"name\":\"x\",\"force\":true} | unknown field: force (allowed: name, source)",
  })
  void rejectsWhatCouldReachOutsideTheFolderOrIntoAShellNamingTheField(String body, String detail) {
    assertThatThrownBy(() -> ImageBody.parse(body)).isInstanceOf(ProblemException.class).hasMessage(detail);
  }

  @Test
  void aNameInThePathIsCheckedTheSameWay() {
    assertThat(ImageBody.name("busybox")).isEqualTo("busybox");
    assertThatThrownBy(() -> ImageBody.name("x".repeat(129))).hasMessageStartingWith("image name '")
        .hasMessageEndingWith("' must be 1 to 128 characters, got 129");
  }
}
