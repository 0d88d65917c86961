#!/bin/bash
# ResumeProgram (run by slurmctld with the nodes to power up): what ParallelCluster's resume does once each instance
# runs (aws-parallelcluster-node, src/slurm_plugin/resume.py, through its Slurm commands: `scontrol update
# nodename=... nodeaddr=... nodehostname=...`), then the node's slurmd starts, as on the instance when it boots: in
# a time namespace whose boot is now, as slurmctld takes a powering-up node only from a slurmd booted after the
# resume (BootTime, from /proc/uptime, which the namespace sets).
set -euo pipefail
exec >> /var/log/pcagent-slurm/power.log 2>&1
for name in $(scontrol show hostnames "$1"); do
  echo "$(date -Is) resume $name"
  scontrol update nodename="$name" nodeaddr=127.0.0.1 nodehostname="$(hostname)"
  mkdir -p "/var/spool/pcagent-slurm/$name"
  sleep "$(cat /run/pcagent-slurm/boot-seconds)" # at least 2: a boot time (to the second) after the resume was asked
  up=$(cut -d. -f1 /proc/uptime)
  setsid unshare --time --boottime "-$up" --fork /usr/sbin/slurmd -N "$name" < /dev/null
done
