package io.pcagent.sandbox;

import io.pcagent.error.ExitCode;
import io.pcagent.error.PcagentException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds Debian's Slurm, munge and bindfs programs: the PATH first, then the sbin folders daemons live in. */
final class SlurmBinaries {
  private final List<Path> searchPath;

  SlurmBinaries(String pathVariable) {
    List<Path> dirs = new ArrayList<>();
    for (String entry : pathVariable.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        dirs.add(Path.of(entry));
      }
    }
    dirs.addAll(List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin")));
    this.searchPath = List.copyOf(dirs);
  }

  static SlurmBinaries fromEnvironment() {
    String path = System.getenv("PATH");
    return new SlurmBinaries(path == null ? "" : path);
  }

  Path find(String program) {
    return find(program, "slurm-wlm munge");
  }

  /** @param packages the Debian packages that install {@code program}, for the error message */
  Path find(String program, String packages) {
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new PcagentException(ExitCode.USAGE, program + " not found on PATH nor in /usr/sbin: the sandbox needs "
        + "Debian's " + packages + " (apt-get install " + packages + ")");
  }
}
