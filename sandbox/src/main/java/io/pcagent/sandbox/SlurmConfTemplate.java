package io.pcagent.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the sandbox's slurm.conf: one slurmctld and one slurmd per node on this host, each slurmd on its own
 * port, and (when asked) dynamic CLOUD nodes whose power requests go to the sandbox's launcher.
 */
final class SlurmConfTemplate {
  private SlurmConfTemplate() {}

  /**
   * @param hostname this host's name: every node's NodeHostname, so {@code slurmd -N} accepts it
   * @param controllerPort slurmctld's port
   * @param nodePorts each node's slurmd port
   */
  static String render(SandboxSpec spec, String hostname, int controllerPort, Map<String, Integer> nodePorts) {
    SandboxLayout layout = spec.layout();
    List<String> lines = new ArrayList<>(List.of(
        "# Written by pcluster-agent sandbox up; rewritten at every start.",
        "ClusterName=pcagent-sandbox",
        "SlurmctldHost=" + hostname + "(127.0.0.1)",
        "SlurmctldPort=" + controllerPort,
        "SlurmUser=root",
        "SlurmdUser=root",
        "AuthType=auth/munge",
        "CredType=cred/munge",
        "AuthInfo=socket=" + layout.mungeSocket(),
        "StateSaveLocation=" + layout.state(),
        "SlurmdSpoolDir=" + layout.spoolLink().resolve("%n"),
        "SlurmctldPidFile=" + layout.slurmctldPidFile(),
        "SlurmdPidFile=" + layout.run().resolve("slurmd-%n.pid"),
        "SlurmctldLogFile=" + layout.slurmctldLog(),
        "SlurmdLogFile=" + layout.log().resolve("slurmd-%n.log"),
        "PlugStackConfig=" + layout.plugstackConf(),
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SwitchType=switch/none",
        "MpiDefault=none",
        "SchedulerType=sched/backfill",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_Core",
        // Nodes share this host's CPUs and memory: let the configured shape win over what slurmd detects.
        "SlurmdParameters=config_overrides",
        "ReturnToService=2",
        "JobCompType=jobcomp/none",
        "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none",
        "SlurmctldTimeout=30",
        "SlurmdTimeout=30",
        "InactiveLimit=0",
        "KillWait=5",
        "MinJobAge=300",
        "MailProg=/bin/true",
        "SlurmctldDebug=info",
        "SlurmdDebug=info"));
    if (spec.dynamicNodes() > 0) {
      lines.addAll(powerSaving(spec));
    }
    for (String node : spec.staticNodeNames()) {
      lines.add(nodeLine(node, nodePorts.get(node)) + " NodeHostname=" + hostname + " NodeAddr=127.0.0.1 State=UNKNOWN");
    }
    for (String node : spec.dynamicNodeNames()) {
      lines.add(nodeLine(node, nodePorts.get(node)) + " State=CLOUD");
    }
    List<String> members = new ArrayList<>(spec.staticNodeNames());
    members.addAll(spec.dynamicNodeNames());
    lines.add("PartitionName=" + SandboxSpec.PARTITION + " Nodes=" + String.join(",", members)
        + " Default=YES MaxTime=INFINITE State=UP");
    return String.join("\n", lines) + "\n";
  }

  private static String nodeLine(String node, Integer port) {
    if (port == null) {
      throw new IllegalArgumentException("no port for node " + node);
    }
    return "NodeName=" + node + " Port=" + port + " CPUs=" + SandboxSpec.CPUS_PER_NODE
        + " RealMemory=" + SandboxSpec.MEMORY_MB_PER_NODE;
  }

  /** As ParallelCluster configures its dynamic nodes; PrivateData=cloud keeps powered-down nodes visible. */
  private static List<String> powerSaving(SandboxSpec spec) {
    SandboxLayout layout = spec.layout();
    return List.of(
        "ResumeProgram=" + layout.bin().resolve(PowerScripts.RESUME),
        "SuspendProgram=" + layout.bin().resolve(PowerScripts.SUSPEND),
        "SuspendTime=" + spec.suspendTime().toSeconds(),
        "SuspendTimeout=10",
        "ResumeTimeout=90",
        "ResumeRate=0",
        "SuspendRate=0",
        "SuspendExcNodes=" + String.join(",", spec.staticNodeNames()),
        "TreeWidth=65533",
        "SlurmctldParameters=idle_on_node_suspend",
        "PrivateData=cloud");
  }
}
