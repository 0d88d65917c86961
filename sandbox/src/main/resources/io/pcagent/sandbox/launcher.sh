#!/bin/bash
# Power launcher of the pcluster-agent sandbox: stands in for the EC2 fleet behind ParallelCluster's dynamic
# nodes. It is started by `sandbox up` (never by slurmctld), picks up the requests that ResumeProgram and
# SuspendProgram leave in the requests folder, and starts or stops the slurmd of each node.
set -u
requests='@REQUESTS@'
conf='@SLURM_CONF@'
run='@RUN@'
bin='@SLURM_BIN@'
node_boot='@NODE_BOOT@'
host='@HOST@'
exec >>'@LOG@' 2>&1 </dev/null
echo $$ > "$run/launcher.pid"
export SLURM_CONF="$conf"

log() { printf '%s %s\n' "$(date '+%F %T')" "$*"; }

# slurmctld ignores a registration whose boot time (whole seconds, from slurmd -b) is not later than the
# resume request, and the node then waits for ResumeTimeout: let the clock pass the request's second first.
resume() {
  local node=$1
  sleep 1.1
  "$bin/scontrol" update nodename="$node" nodeaddr=127.0.0.1 nodehostname="$host" || log "scontrol update $node failed"
  # Each node boots in a mount namespace of its own, as static nodes do (node-boot.sh).
  if unshare --mount --propagation private -- bash "$node_boot" "$node" -b; then
    log "resumed $node"
  else
    log "slurmd -N $node failed to start"
  fi
}

suspend() {
  local node=$1 pid
  local pidfile="$run/slurmd-$node.pid"
  pid=$(cat "$pidfile" 2>/dev/null) || { log "suspend $node: no pid file"; return; }
  if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-N $node"; then
    kill "$pid" && log "suspended $node (pid $pid)"
  else
    log "suspend $node: pid $pid is not its slurmd"
  fi
}

log "launcher started (pid $$)"
while true; do
  for request in "$requests"/*.req; do
    [ -e "$request" ] || continue
    name=${request##*/}
    action=${name%%-*}
    hostlist=$(cat "$request")
    rm -f "$request"
    for node in $("$bin/scontrol" show hostnames "$hostlist"); do
      case $action in
        resume) resume "$node" ;;
        suspend) suspend "$node" ;;
        *) log "unknown request $name" ;;
      esac
    done
  done
  sleep 0.5
done
