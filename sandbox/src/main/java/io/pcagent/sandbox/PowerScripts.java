package io.pcagent.sandbox;

import java.util.Map;

/** Writes the sandbox's ResumeProgram, SuspendProgram and power launcher from their templates. */
final class PowerScripts {
  static final String RESUME = "resume.sh";
  static final String SUSPEND = "suspend.sh";
  static final String LAUNCHER = "launcher.sh";

  private PowerScripts() {}

  static void write(SandboxLayout layout, String hostname) {
    String requests = layout.powerRequests().toString();
    ScriptTemplates.writeExecutable(layout.bin().resolve(RESUME),
        ScriptTemplates.render("power-request.sh", Map.of("ACTION", "resume", "REQUESTS", requests)));
    ScriptTemplates.writeExecutable(layout.bin().resolve(SUSPEND),
        ScriptTemplates.render("power-request.sh", Map.of("ACTION", "suspend", "REQUESTS", requests)));
    ScriptTemplates.writeExecutable(layout.bin().resolve(LAUNCHER), ScriptTemplates.render("launcher.sh", Map.of(
        "REQUESTS", requests,
        "SLURM_CONF", layout.slurmConf().toString(),
        "RUN", layout.run().toString(),
        "SLURM_BIN", layout.slurmBin().toString(),
        "NODE_BOOT", layout.bin().resolve(NodeBoot.SCRIPT).toString(),
        "HOST", hostname,
        "LOG", layout.launcherLog().toString())));
  }
}
