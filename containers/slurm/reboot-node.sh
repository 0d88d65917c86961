#!/bin/bash
# RebootProgram (run by the node's slurmd, without arguments): asks start-slurm.sh to reboot that node alone, by
# a file named after it in /run/pcagent-slurm/reboot (26.05's slurmd ends what its RebootProgram leaves running,
# so the restart is done from outside).
set -euo pipefail
exec >> /var/log/pcagent-slurm/power.log 2>&1
pid=$$
while [ "$pid" -gt 1 ] && [ "$(cat "/proc/$pid/comm")" != slurmd ]; do
  pid=$(awk '{print $4}' "/proc/$pid/stat")
done
[ "$pid" -gt 1 ] || { echo "reboot-node: not run by a slurmd" >&2; exit 1; }
name=$(tr '\0' '\n' < "/proc/$pid/cmdline" | sed -n '/^-N$/{n;p;}')
echo "$(date -Is) reboot requested for $name (slurmd $pid)"
mkdir -p /run/pcagent-slurm/reboot
touch "/run/pcagent-slurm/reboot/$name"
