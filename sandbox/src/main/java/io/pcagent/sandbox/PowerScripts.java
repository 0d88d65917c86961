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

/** Writes the sandbox's ResumeProgram, SuspendProgram and power launcher from their templates. */
final class PowerScripts {
  static final String RESUME = "resume.sh";
  static final String SUSPEND = "suspend.sh";
  static final String LAUNCHER = "launcher.sh";

  private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");

  private PowerScripts() {}

  static void write(SandboxLayout layout, SlurmBinaries binaries, String hostname) {
    String requests = layout.powerRequests().toString();
    writeExecutable(layout.bin().resolve(RESUME), render("power-request.sh", Map.of("ACTION", "resume", "REQUESTS", requests)));
    writeExecutable(layout.bin().resolve(SUSPEND), render("power-request.sh", Map.of("ACTION", "suspend", "REQUESTS", requests)));
    writeExecutable(layout.bin().resolve(LAUNCHER), render("launcher.sh", Map.of(
        "REQUESTS", requests,
        "SLURM_CONF", layout.slurmConf().toString(),
        "RUN", layout.run().toString(),
        "SLURM_BIN", binaries.find("scontrol").getParent().toString(),
        "SLURM_SBIN", binaries.find("slurmd").getParent().toString(),
        "HOST", hostname,
        "LOG", layout.launcherLog().toString())));
  }

  static String render(String template, Map<String, String> values) {
    String text = ClasspathText.read(PowerScripts.class, template);
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

  private static void writeExecutable(Path file, String content) {
    try {
      Files.writeString(file, content);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
