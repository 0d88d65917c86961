#!/bin/bash
# SuspendProgram (run by slurmctld with the nodes to power down): the node's slurmd stops, as its instance is
# terminated.
set -euo pipefail
exec >> /var/log/pcagent-slurm/power.log 2>&1
for name in $(scontrol show hostnames "$1"); do
  echo "$(date -Is) suspend $name"
  pidfile=/run/pcagent-slurm/slurmd-$name.pid
  if [ -s "$pidfile" ]; then
    kill "$(cat "$pidfile")" || true
  fi
done
