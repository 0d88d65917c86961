#!/bin/bash
# The container's entry point: writes /etc/slurm/slurm.conf (from slurm.conf.in, this container's hostname and
# the ports in the environment), starts munged, slurmctld and one slurmd per node, then waits on slurmctld.
# "slurm cluster ready" on stdout once every node has registered: the wait strategy of SlurmContainerIT.
set -euo pipefail

nodes=${SLURM_NODES:-3}
controller_port=${SLURMCTLD_PORT:-16817}
base_port=${SLURMD_BASE_PORT:-16818}
host=$(hostname)

mkdir -p /run/munge /run/pcagent-slurm /var/spool/pcagent-slurm/state /var/log/pcagent-slurm /etc/slurm
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
chmod 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
fi

sed -e "s/@HOSTNAME@/$host/" -e "s/@SLURMCTLD_PORT@/$controller_port/" /opt/pcagent-slurm/slurm.conf.in > /etc/slurm/slurm.conf
names=()
for i in $(seq 1 "$nodes"); do
  name="compute-gpu-st-distributed-ml-$i"
  names+=("$name")
  echo "NodeName=$name Port=$((base_port + i - 1)) CPUs=2 RealMemory=2048 NodeHostname=$host NodeAddr=127.0.0.1 State=UNKNOWN" \
    >> /etc/slurm/slurm.conf
done
node_list=$(IFS=,; echo "${names[*]}")
echo "PartitionName=compute-gpu Nodes=$node_list Default=YES MaxTime=INFINITE State=UP" >> /etc/slurm/slurm.conf
for name in "${names[@]}"; do
  mkdir -p "/var/spool/pcagent-slurm/$name"
done

# As PID 1, bash ignores a plain TERM: stop the daemons and leave when the engine stops the container.
trap 'kill $(jobs -p) 2>/dev/null; pkill -x munged; exit 0' TERM INT
runuser -u munge -- /usr/sbin/munged
/usr/sbin/slurmctld -D &
controller=$!
for name in "${names[@]}"; do
  /usr/sbin/slurmd -D -N "$name" &
done

for _ in $(seq 1 120); do
  idle=$(sinfo --noheader --responding --states=idle --format=%D 2>/dev/null | awk '{n += $1} END {print n + 0}')
  if [ "$idle" -ge "$nodes" ]; then
    echo "slurm cluster ready: $nodes nodes idle"
    break
  fi
  sleep 0.5
done
wait "$controller"
