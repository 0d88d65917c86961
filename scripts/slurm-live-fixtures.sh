#!/bin/bash
# Writes what a real Slurm prints into the agent's test resources, for one Debian suite's slurm-wlm:
#   scripts/slurm-live-fixtures.sh trixie    # Slurm 24.11, what ParallelCluster 3.14 ships
#   scripts/slurm-live-fixtures.sh sid       # Slurm 26.05, newer than any ParallelCluster today
#   scripts/slurm-live-fixtures.sh bookworm  # Slurm 22.05, Debian 12's, the sandbox's
# into agent/src/test/resources/io/pcagent/slurm/live/<major.minor>/ (SlurmLiveFixturesTest reads them). Each file is
# one command's output at one moment of scripts/slurm-live/drive.sh: a cluster in a debootstrap root (munged,
# slurmctld, two static nodes with GPUs as GRES of two types on character devices made with mknod, one CLOUD node
# asleep), a GPU job, a drained node, a job waiting for more nodes than are up, a reboot ASAP with nextstate=resume.
# The root is kept under /var/cache/pcluster-agent/roots/<suite> for the next run. Root only; no container engine.
set -euo pipefail
suite=${1:?usage: slurm-live-fixtures.sh SUITE (trixie, sid)}
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${PCAGENT_ROOTS:-/var/cache/pcluster-agent/roots}/$suite

mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

if [ ! -x "$root/usr/sbin/slurmctld" ]; then
  rm -rf "$root"
  mkdir -p "$(dirname "$root")"
  debootstrap --variant=minbase --include=slurm-wlm,munge,procps "$suite" "$root" "$(mirror)" > "$root.debootstrap.log" 2>&1 \
    || { tail -20 "$root.debootstrap.log" >&2; echo "slurm-live-fixtures: debootstrap of $suite failed" >&2; exit 1; }
fi
# shellcheck disable=SC2016 # dpkg-query's own ${Version}
version=$(chroot "$root" dpkg-query -W -f '${Version}' slurm-wlm)
release=$(echo "$version" | cut -d. -f1,2)
out=$repo/agent/src/test/resources/io/pcagent/slurm/live/$release
rm -rf "$out"
mkdir -p "$out"
install -m 0755 "$repo/scripts/slurm-live/drive.sh" "$root/drive.sh"
# the agent's own squeue call, as JobsParser.arguments() makes it
format=$(sed -n 's/.*String FORMAT = "\(.*\)";/\1/p' "$repo/agent/src/main/java/io/pcagent/slurm/JobsParser.java")
# A mount and PID namespace of its own: the daemons end with the driver, the mounts with the namespace.
# shellcheck disable=SC2016 # the inner script takes its values as arguments
unshare --mount --propagation private --pid --fork --mount-proc="$root/proc" bash -c '
  set -euo pipefail
  root=$1
  mount --rbind /dev "$root/dev"
  mount --rbind /sys "$root/sys" # hwloc reads the CPU topology there (22.05 stops without it)
  mount -t tmpfs run "$root/run"
  mount -t tmpfs out "$root/mnt"
  chroot "$root" /drive.sh "$2" /mnt
  cp "$root"/mnt/* "$3"/
' _ "$root" "$format" "$out"
echo "slurm-live-fixtures: Slurm $version ($suite) printed into $out:" >&2
ls "$out" >&2
