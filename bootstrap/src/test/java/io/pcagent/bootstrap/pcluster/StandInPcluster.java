package io.pcagent.bootstrap.pcluster;

import io.pcagent.text.ClasspathText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs the stand-in pcluster (a bash script following the real CLI's contract; see its header) in DIR/bin. */
public final class StandInPcluster {
  private StandInPcluster() {}

  public static Path install(Path dir) throws IOException {
    Path pcluster = Files.createDirectories(dir.resolve("bin")).resolve("pcluster");
    Files.writeString(pcluster, ClasspathText.read(StandInPcluster.class, "pcluster"));
    Files.setPosixFilePermissions(pcluster, PosixFilePermissions.fromString("rwxr-xr-x"));
    return pcluster;
  }
}
