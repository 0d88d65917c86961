package io.pcagent.testing.slurm;

import java.util.List;

/**
 * Synthetic Slurm output at production scale, shaped like Slurm 24.11 on ParallelCluster: queues of static and
 * dynamic nodes (most dynamic ones powered down, as a cluster with a large MaxCount is), the states, flags and reasons
 * operators see (reasons with {@code =}, quotes and brackets), GPUs of several kinds and MIG, array tasks. For the
 * benchmarks and the scale tests; the same count always gives the same text.
 */
public final class SyntheticSlurm {
  /** ParallelCluster queues: name, instance type, CPUs, memory (MB), Gres. */
  private record Queue(String name, String instanceType, int cpus, long memoryMb, String gres) {}

  private static final List<Queue> QUEUES = List.of(
      new Queue("compute-gpu", "p5.48xlarge", 192, 1_983_012, "gpu:h100:8(S:0-1)"),
      new Queue("compute-a100", "p4d.24xlarge", 96, 1_140_000, "gpu:a100:8(S:0-1)"),
      new Queue("inference", "p4de.24xlarge", 96, 1_140_000, "gpu:1g.10gb:7,gpu:2g.20gb:3"),
      new Queue("cpu", "c6i.32xlarge", 128, 250_000, "(null)"));
  private static final String[] STATES = {
    "IDLE+CLOUD+POWERED_DOWN", "IDLE+CLOUD+POWERED_DOWN", "IDLE+CLOUD+POWERED_DOWN", "ALLOCATED", "MIXED", "IDLE",
    "IDLE+CLOUD+POWERING_UP", "IDLE+DRAIN", "DOWN+NOT_RESPONDING", "ALLOCATED+CLOUD", "MIXED+DRAIN", "IDLE+CLOUD+POWERING_DOWN"};
  private static final String[] REASONS = {
    "nvidia-smi: GPU 3 fell off the bus [ops@2026-11-29T06:15:00]",
    "health check: \"efa0\" link=down, rx_errors=17 [root@2026-11-29T07:00:00]",
    "(Code:InsufficientInstanceCapacity)Failure when resuming nodes [root@2026-11-29T11:58:01]",
    "Kill task failed [slurm@2026-11-29T09:30:00]"};

  private SyntheticSlurm() {}

  /** {@code scontrol show nodes -o} of {@code count} nodes spread over the queues. */
  public static String nodes(int count) {
    StringBuilder text = new StringBuilder(count * 1150);
    for (int i = 1; i <= count; i++) {
      Queue queue = QUEUES.get(i % QUEUES.size());
      String state = STATES[i % STATES.length];
      boolean dynamic = state.contains("CLOUD") || i % 3 != 0;
      String name = queue.name() + (dynamic ? "-dy-" : "-st-") + queue.instanceType().replace('.', '-') + "-" + i;
      boolean busy = state.startsWith("ALLOC") || state.startsWith("MIXED");
      int allocated = state.startsWith("ALLOC") ? queue.cpus() : state.startsWith("MIXED") ? queue.cpus() / 2 : 0;
      text.append("NodeName=").append(name)
          .append(" Arch=x86_64 CoresPerSocket=48 CPUAlloc=").append(allocated)
          .append(" CPUEfctv=").append(queue.cpus()).append(" CPUTot=").append(queue.cpus()).append(" CPULoad=95.13")
          .append(" AvailableFeatures=").append(dynamic ? "dynamic" : "static").append(',').append(queue.instanceType()).append(",efa,gpu")
          .append(" ActiveFeatures=").append(dynamic ? "dynamic" : "static").append(',').append(queue.instanceType()).append(",efa,gpu")
          .append(" Gres=").append(queue.gres()).append(" GresUsed=").append(busy && !queue.gres().equals("(null)") ? "gpu:4" : "gpu:0")
          .append(" NodeAddr=10.1.").append(i / 250 % 250).append('.').append(i % 250).append(" NodeHostName=").append(name)
          .append(" Version=24.11.5 OS=Linux 6.8.0-1021-aws #23~22.04.1-Ubuntu SMP Tue Dec 10 16:31:58 UTC 2024")
          .append(" RealMemory=").append(queue.memoryMb()).append(" AllocMem=").append(busy ? queue.memoryMb() / 2 : 0)
          .append(" FreeMem=").append(queue.memoryMb() - 1000).append(" Sockets=2 Boards=1 State=").append(state)
          .append(" ThreadsPerCore=2 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A Partitions=").append(queue.name())
          .append(" BootTime=2026-11-20T08:01:02 SlurmdStartTime=2026-11-20T08:03:40 LastBusyTime=2026-11-29T10:00:00")
          .append(" ResumeAfterTime=None CfgTRES=cpu=").append(queue.cpus()).append(",mem=").append(queue.memoryMb()).append("M,billing=")
          .append(queue.cpus()).append(" AllocTRES=").append(busy ? "cpu=" + allocated : "")
          .append(" CurrentWatts=0 AveWatts=0");
      if (state.contains("DRAIN") || state.startsWith("DOWN")) {
        text.append(" Reason=").append(REASONS[i % REASONS.length]);
      }
      if (!state.contains("POWERED_DOWN") && dynamic) {
        text.append(" InstanceId=i-0").append(String.format("%016x", (long) i * 2_654_435_761L)).append(" InstanceType=")
            .append(queue.instanceType());
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** Our squeue format ({@code %i|%F|%A|%K|%u|%T|%r|%P|%D|%C|%N|%V|%S|%e|%M|%l|%j}) of {@code count} jobs, a fifth array tasks. */
  public static String jobs(int count) {
    String[] states = {"RUNNING", "PENDING", "COMPLETED", "FAILED", "RUNNING", "PENDING", "CANCELLED", "TIMEOUT"};
    String[] reasons = {"Resources", "Priority", "Dependency", "ReqNodeNotAvail,_UnavailableNodes:compute-gpu-dy-p5-48xlarge-[1-9]"};
    StringBuilder text = new StringBuilder(count * 210);
    for (int i = 1; i <= count; i++) {
      String state = states[i % states.length];
      boolean array = i % 5 == 0;
      boolean pending = state.equals("PENDING");
      text.append(array ? (i - 1) + "_" + (i % 97) : Integer.toString(i)).append('|')
          .append(array ? i - 1 : i).append('|').append(i).append('|').append(array ? Integer.toString(i % 97) : "N/A")
          .append('|').append(i % 7 == 0 ? "alice" : "ubuntu").append('|').append(state).append('|')
          .append(pending ? reasons[i % reasons.length] : "None").append('|').append(QUEUES.get(i % QUEUES.size()).name())
          .append("|2|384|").append(pending ? "" : "compute-gpu-st-p5-48xlarge-[1-2]")
          .append("|2026-11-29T10:00:00|").append(pending ? "N/A" : "2026-11-29T10:00:05").append('|')
          .append(pending ? "N/A" : "2026-11-30T10:00:05").append('|').append(pending ? "0:00" : "2:00:00")
          .append("|1-00:00:00|train-").append(i).append('\n');
    }
    return text.toString();
  }

  /** {@code scontrol show partitions -o} of the queues. */
  public static String partitions(int nodes) {
    StringBuilder text = new StringBuilder();
    for (int q = 0; q < QUEUES.size(); q++) {
      Queue queue = QUEUES.get(q);
      int members = nodes / QUEUES.size() + (q < nodes % QUEUES.size() ? 1 : 0);
      text.append("PartitionName=").append(queue.name()).append(" AllowGroups=ALL AllowAccounts=ALL AllowQos=ALL AllocNodes=ALL Default=")
          .append(q == 0 ? "YES" : "NO").append(" QoS=N/A DefaultTime=NONE DisableRootJobs=NO ExclusiveUser=NO GraceTime=0 Hidden=NO")
          .append(" MaxNodes=UNLIMITED MaxTime=UNLIMITED MinNodes=0 LLN=NO MaxCPUsPerNode=UNLIMITED Nodes=").append(queue.name())
          .append("-dy-[1-").append(Math.max(1, members)).append("] PriorityJobFactor=1 PriorityTier=1 RootOnly=NO ReqResv=NO")
          .append(" OverSubscribe=NO OverTimeLimit=NONE PreemptMode=OFF State=UP TotalCPUs=").append((long) members * queue.cpus())
          .append(" TotalNodes=").append(members).append(" SelectTypeParameters=NONE JobDefaults=(null) DefMemPerNode=UNLIMITED")
          .append(" MaxMemPerNode=UNLIMITED TRES=cpu=").append((long) members * queue.cpus()).append('\n');
    }
    return text.toString();
  }

  /** {@code sdiag} of a busy controller. */
  public static String sdiag() {
    return """
        *******************************************************
        sdiag output at Thu Dec 03 10:00:00 2026 (1796292000)
        Data since      Thu Dec 03 00:00:00 2026 (1796256000)
        *******************************************************
        Server thread count:  6
        Agent queue size:     0
        Agent count:          0
        Agent thread count:   0
        DBD Agent queue size: 0

        Jobs submitted: 104211
        Jobs started:   99870
        Jobs completed: 95003
        Jobs canceled:  1204
        Jobs failed:    310

        Job states ts:  Thu Dec 03 09:59:50 2026 (1796291990)
        Jobs pending:   25000
        Jobs running:   25000

        Main schedule statistics (microseconds):
        	Last cycle:   182003
        	Max cycle:    912000
        	Total cycles: 4810
        	Mean cycle:   150210
        	Mean depth cycle:  512
        	Cycles per minute: 8
        	Last queue length: 25000

        Backfilling stats
        	Total backfilled jobs (since last slurm start): 8120
        	Total backfilled jobs (since last stats cycle start): 812
        	Total backfilled heterogeneous job components: 0
        	Total cycles: 1200
        	Last cycle when: Thu Dec 03 09:59:30 2026 (1796291970)
        	Last cycle: 2400100
        	Max cycle:  9100000
        	Mean cycle: 2101000
        	Last depth cycle: 25000
        	Last depth cycle (try sched): 1200
        	Depth Mean: 24000
        	Depth Mean (try depth): 1100
        	Last queue length: 25000
        	Queue length mean: 24000
        	Last table size: 40
        	Mean table size: 38
        """;
  }
}
