package io.pcagent.bootstrap.stacks;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A CloudFormation template: at a URL (S3 or https), or a local file sent inline as the template body. */
public record StackTemplate(String url, String body, String source) {
  /** CloudFormation's limit for a template passed inline (TemplateBody); larger ones must come from S3. */
  public static final int MAX_INLINE_BYTES = 51_200;

  public static StackTemplate ofUrl(String url) {
    if (!url.matches("https://\\S+")) {
      throw PcagentException.usage("--template-url must be an https:// URL (an S3 object URL), got '" + url + "'");
    }
    return new StackTemplate(url, null, url);
  }

  public static StackTemplate ofFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw PcagentException.usage(file + ": no such file");
    } catch (IOException e) {
      throw new PcagentException(ExitCode.FAILURE, file + ": cannot be read: " + e.getMessage(), e);
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_INLINE_BYTES) {
      throw PcagentException.usage(file + " is " + bytes + " bytes; CloudFormation takes at most " + MAX_INLINE_BYTES
          + " bytes inline: upload it to S3 and pass its URL with --template-url");
    }
    return new StackTemplate(null, text, file.toString());
  }

  /** The template given by {@code --template-file} if any, else {@code --template-url}, else the hands-on's. */
  public static StackTemplate choose(Path file, String url, String defaultUrl) {
    if (file != null && url != null) {
      throw PcagentException.usage("--template-file and --template-url exclude each other");
    }
    return file != null ? ofFile(file) : ofUrl(url != null ? url : defaultUrl);
  }
}
