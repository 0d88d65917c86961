#!/bin/bash
# Runs inside a Debian root with slurm-wlm (scripts/slurm-live-fixtures.sh starts it there): a small cluster, then
# what an operator meets, writing each command's output as it is printed into OUT:
#   drive.sh SQUEUE_FORMAT OUT
set -euo pipefail
format=$1
out=$2
nodes_cmd=(scontrol -d show nodes -o)   # the agent's call (SlurmClient.nodes)
squeue_cmd=(squeue --all --array --noheader --states=all "--format=$format")

log() { echo "drive: $*" >&2; }
until_state() { # NODE PATTERN: wait until the node's State matches, at most 60 s
  for _ in $(seq 1 120); do
    if scontrol show node "$1" -o | grep -Eq "State=$2"; then return 0; fi
    sleep 0.5
  done
  scontrol show node "$1" -o >&2
  log "node $1 never reached State=$2"; return 1
}
until_job() { # JOB STATE
  for _ in $(seq 1 120); do
    if [ "$(squeue --noheader --states=all --jobs="$1" --format=%T)" = "$2" ]; then return 0; fi
    sleep 0.5
  done
  log "job $1 never reached $2"; return 1
}

rm -rf /var/spool/slurmctld /var/spool/slurmd /var/log/slurm # every run from a clean cluster: the root is kept
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /opt/gpus
# GPUs without GPUs: character devices (the NVIDIA major, 195) that gres.conf names, AutoDetect off
for i in 0 1 2 3 4 5; do [ -e /opt/gpus/nvidia$i ] || mknod /opt/gpus/nvidia$i c 195 $i; done
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=live
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=26817
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd/%n
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd-%n.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
RebootProgram=/bin/true
ResumeTimeout=300
SuspendTime=INFINITE
SuspendProgram=/bin/true
ResumeProgram=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
SlurmctldParameters=idle_on_node_suspend
PrivateData=cloud
NodeName=compute-gpu-st-distributed-ml-1 NodeHostname=localhost NodeAddr=127.0.0.1 Port=26818 CPUs=4 RealMemory=4096 Gres=gpu:h100:2,gpu:a100:2 State=UNKNOWN
NodeName=compute-gpu-st-distributed-ml-2 NodeHostname=localhost NodeAddr=127.0.0.1 Port=26819 CPUs=4 RealMemory=4096 Gres=gpu:h100:2 State=UNKNOWN
NodeName=compute-gpu-dy-distributed-ml-1 CPUs=4 RealMemory=4096 Gres=gpu:h100:2 State=CLOUD
PartitionName=compute-gpu Nodes=compute-gpu-st-distributed-ml-[1-2],compute-gpu-dy-distributed-ml-1 Default=YES MaxTime=INFINITE State=UP
CONF
cat > /etc/slurm/gres.conf <<'CONF'
AutoDetect=off
NodeName=compute-gpu-st-distributed-ml-1 Name=gpu Type=h100 File=/opt/gpus/nvidia[0-1]
NodeName=compute-gpu-st-distributed-ml-1 Name=gpu Type=a100 File=/opt/gpus/nvidia[2-3]
NodeName=compute-gpu-st-distributed-ml-2 Name=gpu Type=h100 File=/opt/gpus/nvidia[4-5]
NodeName=compute-gpu-dy-distributed-ml-1 Name=gpu Type=h100 File=/opt/gpus/nvidia[0-1]
CONF
# No cgroup file system in this root: 24.11's slurmd stops without CgroupPlugin=disabled, a value 22.05 does not
# have (it runs without a cgroup.conf, as the sandbox's does).
if [ "$(slurmctld -V | awk '{print $2}' | cut -d. -f1)" -ge 23 ]; then
  echo "CgroupPlugin=disabled" > /etc/slurm/cgroup.conf
else
  rm -f /etc/slurm/cgroup.conf
fi

chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
[ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
runuser -u munge -- /usr/sbin/munged
slurmctld -c
for n in 1 2; do
  mkdir -p /var/spool/slurmd/compute-gpu-st-distributed-ml-$n
  slurmd -N compute-gpu-st-distributed-ml-$n
done
until_state compute-gpu-st-distributed-ml-1 IDLE
until_state compute-gpu-st-distributed-ml-2 IDLE
"${nodes_cmd[@]}" > "$out/nodes-idle.txt"
scontrol show partitions -o > "$out/partitions.txt"

log "a job holding GPUs of two types on node 1"
gpu_job=$(sbatch --parsable -w compute-gpu-st-distributed-ml-1 --gres=gpu:h100:1,gpu:a100:2 -o /dev/null --wrap 'sleep 600')
until_job "$gpu_job" RUNNING
scontrol show nodes -o > "$out/nodes-gpu-job-without-d.txt"
"${nodes_cmd[@]}" > "$out/nodes-gpu-job.txt"

log "node 2 drained, and a job asking for more nodes than are up"
scontrol update nodename=compute-gpu-st-distributed-ml-2 state=drain reason="disk check"
wide_job=$(sbatch --parsable -N 3 -o /dev/null --wrap 'sleep 1')
sleep 3
scontrol reconfigure 2>/dev/null || true # a scheduling pass now, not in a minute
sleep 3
"${squeue_cmd[@]}" > "$out/squeue.txt"
"${nodes_cmd[@]}" > "$out/nodes-drained.txt"
scancel "$wide_job"

log "a reboot ASAP of node 1 while its job runs, back in service after"
scontrol reboot ASAP nextstate=resume compute-gpu-st-distributed-ml-1
until_state compute-gpu-st-distributed-ml-1 'MIXED\+DRAIN\+REBOOT_REQUESTED'
"${nodes_cmd[@]}" > "$out/nodes-reboot-requested.txt"
scancel "$gpu_job"
until_state compute-gpu-st-distributed-ml-1 '[A-Z+]*REBOOT_ISSUED'
"${nodes_cmd[@]}" > "$out/nodes-reboot-issued.txt"
# The RebootProgram changed nothing here, and slurmctld waits for a slurmd whose boot time is after the reboot it
# issued: start the node's slurmd again in a time namespace whose boot is now (uptime, so BootTime, is namespaced),
# as the rebooted node's would be.
kill "$(cat /run/slurmd-compute-gpu-st-distributed-ml-1.pid)"
sleep 2
up=$(cut -d. -f1 /proc/uptime)
unshare --time --boottime "-$up" --fork slurmd -N compute-gpu-st-distributed-ml-1
until_state compute-gpu-st-distributed-ml-1 IDLE
"${nodes_cmd[@]}" > "$out/nodes-rebooted.txt"
sdiag > "$out/sdiag.txt"
scontrol version > "$out/version.txt"
log "done"
