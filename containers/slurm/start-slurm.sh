#!/bin/bash
# The container's entry point: writes /etc/slurm/slurm.conf (from slurm.conf.in, this container's hostname and the
# environment), starts munged, slurmctld and one slurmd per static node, then waits on slurmctld.
# "slurm cluster ready" on stdout once every static node has registered: the wait strategy of SlurmContainer.
#   SLURM_NODES        static nodes compute-gpu-st-distributed-ml-N (3)
#   SLURM_CLOUD_NODES  dynamic nodes compute-gpu-dy-distributed-ml-N (0): State=CLOUD and powered down until a job
#                      needs them, as ParallelCluster declares them; resume-nodes.sh and suspend-nodes.sh start and
#                      stop their slurmd, as its ResumeProgram and SuspendProgram launch and terminate instances
#   SLURM_GPUS         1: GPUs as GRES (gres.conf AutoDetect=off, File= on character devices made here): two types on
#                      the first node (gpu:h100:2,gpu:a100:2), gpu:h100:2 on every other; needs a privileged container
#   SLURM_SUSPEND_TIME seconds a dynamic node stays idle before it is powered down (30)
#   SLURM_BOOT_SECONDS seconds a reboot or a power-up takes, at least 2 (2)
#   SLURMCTLD_PORT, SLURMD_BASE_PORT  the controller's port, then one per node
set -euo pipefail

static_nodes=${SLURM_NODES:-3}
cloud_nodes=${SLURM_CLOUD_NODES:-0}
gpus=${SLURM_GPUS:-0}
controller_port=${SLURMCTLD_PORT:-16817}
base_port=${SLURMD_BASE_PORT:-16818}
host=$(hostname)
here=/opt/pcagent-slurm
conf=/etc/slurm/slurm.conf
major=$(slurmctld -V | awk '{print $2}' | cut -d. -f1)

mkdir -p /run/munge /run/pcagent-slurm /var/spool/pcagent-slurm/state /var/log/pcagent-slurm /etc/slurm
# read by resume-nodes.sh, which slurmctld runs without this environment
boot_seconds=${SLURM_BOOT_SECONDS:-2}
echo "$boot_seconds" > /run/pcagent-slurm/boot-seconds
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
chmod 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
fi

sed -e "s/@HOSTNAME@/$host/" -e "s/@SLURMCTLD_PORT@/$controller_port/" "$here/slurm.conf.in" > "$conf"
# No cgroup file system is set up for Slurm here: from 23.02 slurmd stops unless the plugin is disabled, a value
# 22.05 does not know (it runs without a cgroup.conf).
if [ "$major" -ge 23 ]; then
  echo "CgroupPlugin=disabled" > /etc/slurm/cgroup.conf
fi
# Slurm's own metrics (25.11 and later): slurmctld answers HTTP GET /metrics/... on its port
if [ "$(slurmctld -V | awk '{split($2, v, "."); print v[1] * 100 + v[2]}')" -ge 2511 ]; then
  echo "MetricsType=metrics/openmetrics" >> "$conf"
fi

device=0
gres_of() { # NODE TYPE:COUNT...: the node's gres.conf lines, one per device file, and its slurm.conf Gres=
  local node=$1 spec type count list=() i
  shift
  for spec in "$@"; do
    type=${spec%%:*}
    count=${spec##*:}
    for i in $(seq 1 "$count"); do
      [ -e "/opt/gpus/nvidia$device" ] || mknod "/opt/gpus/nvidia$device" c 195 "$device" \
        || { echo "start-slurm: mknod failed: GPUs as GRES need a privileged container" >&2; exit 1; }
      echo "NodeName=$node Name=gpu Type=$type File=/opt/gpus/nvidia$device" >> /etc/slurm/gres.conf
      device=$((device + 1))
    done
    list+=("gpu:$type:$count")
  done
  gres=" Gres=$(IFS=,; echo "${list[*]}")"
}
if [ "$gpus" = 1 ]; then
  mkdir -p /opt/gpus
  echo "AutoDetect=off" > /etc/slurm/gres.conf
  echo "GresTypes=gpu" >> "$conf"
  ln -sf "$here/nvidia-smi" /usr/local/bin/nvidia-smi
fi

static=()
port=$base_port
gres=""
for i in $(seq 1 "$static_nodes"); do
  name="compute-gpu-st-distributed-ml-$i"
  static+=("$name")
  if [ "$gpus" = 1 ]; then
    if [ "$i" = 1 ]; then gres_of "$name" h100:2 a100:2; else gres_of "$name" h100:2; fi
  fi
  echo "NodeName=$name Port=$port CPUs=2 RealMemory=2048 NodeHostname=$host NodeAddr=127.0.0.1$gres State=UNKNOWN" >> "$conf"
  port=$((port + 1))
done
dynamic=()
for i in $(seq 1 "$cloud_nodes"); do
  name="compute-gpu-dy-distributed-ml-$i"
  dynamic+=("$name")
  if [ "$gpus" = 1 ]; then gres_of "$name" h100:2; fi
  # no address: resume-nodes.sh gives it one, as ParallelCluster's resume program does once the instance runs
  echo "NodeName=$name Port=$port CPUs=2 RealMemory=2048$gres State=CLOUD" >> "$conf"
  port=$((port + 1))
done
if [ "$cloud_nodes" -gt 0 ]; then
  # ParallelCluster's slurm_parallelcluster.conf (aws-parallelcluster-cookbook, cookbooks/aws-parallelcluster-slurm/
  # files/default/head_node_slurm/slurm/templates): SuspendTime from ScaledownIdletime, the static nodes excluded
  # from power saving with SuspendExcNodes; its slurm.conf adds idle_on_node_suspend and PrivateData=cloud (powered
  # down nodes listed). Times here are seconds where a cluster's are minutes.
  cat >> "$conf" <<CONF
SuspendTime=${SLURM_SUSPEND_TIME:-30}
SuspendTimeout=10
ResumeTimeout=120
ResumeProgram=$here/resume-nodes.sh
SuspendProgram=$here/suspend-nodes.sh
SlurmctldParameters=idle_on_node_suspend
PrivateData=cloud
CONF
  if [ "$static_nodes" -gt 0 ]; then
    echo "SuspendExcNodes=$(IFS=,; echo "${static[*]}")" >> "$conf"
  fi
fi
echo "PartitionName=compute-gpu Nodes=$(IFS=,; echo "${static[*]}${dynamic[*]:+,}${dynamic[*]}") Default=YES MaxTime=INFINITE State=UP" >> "$conf"
for name in "${static[@]}" "${dynamic[@]}"; do
  mkdir -p "/var/spool/pcagent-slurm/$name"
done

# As PID 1, bash ignores a plain TERM: stop the daemons and leave when the engine stops the container.
trap 'kill $(jobs -p) 2>/dev/null; pkill -x slurmd; pkill -x munged; exit 0' TERM INT
runuser -u munge -- /usr/sbin/munged
/usr/sbin/slurmctld -D &
controller=$!
for name in "${static[@]}"; do
  /usr/sbin/slurmd -D -N "$name" &
done

# reboot-node.sh's requests: the node's slurmd stops and starts again in a time namespace whose boot is now, as
# slurmctld takes a node back from a reboot it issued only when the boot time slurmd reports (from /proc/uptime,
# which the namespace sets) is after it.
reboot_nodes() {
  local request name pid up
  mkdir -p /run/pcagent-slurm/reboot
  while sleep 0.5; do
    for request in /run/pcagent-slurm/reboot/*; do
      [ -e "$request" ] || continue
      name=$(basename "$request")
      rm -f "$request"
      pid=$(cat "/run/pcagent-slurm/slurmd-$name.pid" 2>/dev/null || true)
      if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        while [ -e "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; do sleep 0.2; done
      fi
      sleep "$boot_seconds" # at least 2: a boot time (to the second) after the reboot was issued
      up=$(cut -d. -f1 /proc/uptime)
      echo "$(date -Is) reboot $name" >> /var/log/pcagent-slurm/power.log
      unshare --time --boottime "-$up" --fork /usr/sbin/slurmd -N "$name" < /dev/null
    done
  done
}
reboot_nodes &

for _ in $(seq 1 120); do
  idle=$(sinfo --noheader --responding --states=idle --format=%D --nodes="$(IFS=,; echo "${static[*]}")" 2>/dev/null \
    | awk '{n += $1} END {print n + 0}')
  if [ "$idle" -ge "$static_nodes" ]; then
    echo "slurm cluster ready: $static_nodes nodes idle, $cloud_nodes powered down (Slurm $(slurmctld -V | awk '{print $2}'))"
    break
  fi
  sleep 0.5
done
wait "$controller"
