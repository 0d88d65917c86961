package io.pcagent.sandbox;

import io.pcagent.text.ClasspathText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sandbox's bash scripts: templates on the classpath whose {@code @NAME@} placeholders take single-quoted values. */
final class ScriptTemplates {
  private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");

  private ScriptTemplates() {}

  static String render(String template, Map<String, String> values) {
    String text = ClasspathText.read(ScriptTemplates.class, template);
    for (Map.Entry<String, String> value : values.entrySet()) {
      if (value.getValue().contains("'")) {
        throw new IllegalArgumentException(value.getKey() + " must not contain a quote: " + value.getValue());
      }
      text = text.replace("@" + value.getKey() + "@", value.getValue());
    }
    Matcher unset = PLACEHOLDER.matcher(text);
    if (unset.find()) {
      throw new IllegalStateException(template + ": placeholder " + unset.group() + " left unset");
    }
    return text;
  }

  static void writeExecutable(Path file, String content) {
    try {
      Files.writeString(file, content);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
