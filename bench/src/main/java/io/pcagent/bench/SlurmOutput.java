package io.pcagent.bench;

/** Synthetic Slurm output at production scale, shaped like Slurm 23.11 on ParallelCluster. */
final class SlurmOutput {
  private static final String[] STATES = {
    "IDLE", "ALLOCATED", "MIXED", "IDLE+CLOUD+POWERED_DOWN", "ALLOCATED+CLOUD", "IDLE+DRAIN", "DOWN+NOT_RESPONDING"};

  private SlurmOutput() {}

  static String nodes(int count) {
    StringBuilder text = new StringBuilder(count * 1100);
    for (int i = 1; i <= count; i++) {
      String state = STATES[i % STATES.length];
      String name = (i % 2 == 0 ? "compute-gpu-st-distributed-ml-" : "compute-gpu-dy-distributed-ml-") + i;
      text.append("NodeName=").append(name)
          .append(" Arch=x86_64 CoresPerSocket=48 CPUAlloc=").append(state.startsWith("ALLOC") ? 192 : 0)
          .append(" CPUEfctv=192 CPUTot=192 CPULoad=95.13 AvailableFeatures=static,p5.48xlarge,p5,efa,gpu")
          .append(" ActiveFeatures=static,p5.48xlarge,p5,efa,gpu Gres=gpu:h100:8(S:0-1) NodeAddr=10.1.")
          .append(i / 250).append('.').append(i % 250).append(" NodeHostName=").append(name)
          .append(" Version=23.11.10 OS=Linux 5.15.0-1063-aws #69~20.04.1-Ubuntu SMP Fri May 10 19:20:12 UTC 2024")
          .append(" RealMemory=1983012 AllocMem=991506 FreeMem=1850000 Sockets=2 Boards=1 State=").append(state)
          .append(" ThreadsPerCore=2 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A Partitions=compute-gpu")
          .append(" BootTime=2026-11-20T08:01:02 SlurmdStartTime=2026-11-20T08:03:40 LastBusyTime=2026-11-29T10:00:00")
          .append(" ResumeAfterTime=None CfgTRES=cpu=192,mem=1983012M,billing=192,gres/gpu=8")
          .append(" AllocTRES=cpu=96,mem=991506M,gres/gpu=4 CapWatts=n/a CurrentWatts=0 AveWatts=0")
          .append(" ExtSensorsJoules=n/a ExtSensorsWatts=0 ExtSensorsTemp=n/a");
      if (state.contains("DRAIN") || state.startsWith("DOWN")) {
        text.append(" Reason=nvidia-smi: GPU 3 fell off the bus [ops@2026-11-29T06:15:00]");
      }
      text.append('\n');
    }
    return text.toString();
  }

  static String jobs(int count) {
    String[] states = {"RUNNING", "PENDING", "COMPLETED", "FAILED"};
    StringBuilder text = new StringBuilder(count * 200);
    for (int i = 1; i <= count; i++) {
      String state = states[i % states.length];
      boolean array = i % 5 == 0;
      text.append(array ? (i - 1) + "_" + (i % 97) : Integer.toString(i)).append('|')
          .append(array ? i - 1 : i).append('|').append(i).append('|').append(array ? Integer.toString(i % 97) : "N/A")
          .append("|ubuntu|").append(state).append('|').append(state.equals("PENDING") ? "Resources" : "None")
          .append("|compute-gpu|2|384|").append(state.equals("PENDING") ? "" : "compute-gpu-st-distributed-ml-[1-2]")
          .append("|2026-11-29T10:00:00|2026-11-29T10:00:05|2026-11-30T10:00:05|2:00:00|1-00:00:00|train-")
          .append(i).append('\n');
    }
    return text.toString();
  }
}
