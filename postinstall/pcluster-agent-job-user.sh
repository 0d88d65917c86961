#!/bin/bash
# The job user of pcluster-agent, on one node. Jobs submitted over the agent's API run as this user on every node
# of the job, and a node knows a user only from its own /etc/passwd (ParallelCluster creates none across nodes), so
# every node needs it with the same UID and GID: files on the shared /home and /fsx then belong to the same user
# everywhere. It runs as root
#   - on the head node, from pcluster-agent-postinstall.sh;
#   - on every compute node, as each SlurmQueue's CustomActions.OnNodeConfigured script (pcluster-bootstrap render
#     writes that entry with these arguments; the local sandbox runs it on its nodes the same way):
#
#   pcluster-agent-job-user.sh USER UID GID [--enroot-cache=DIR]
#
# A user or group of that name with other ids, or ids that belong to another name, is an error: nothing is changed
# then. Running it again is safe.
#
# It also enables containers where the node's AMI ships Enroot and Pyxis disabled (ParallelCluster 3.11 and later:
# installed, with sample configurations under /opt/parallelcluster/examples; aws-parallelcluster-cookbook PR 2820,
# and ParallelCluster's tutorial "Running containerized jobs with Pyxis"), with what must be node-local kept on the node:
# /etc/enroot/enroot.conf from the sample, with Enroot's runtime in /run (tmpfs) and its container data on the node's
# own disk (/scratch, the hands-on's NVMe EphemeralVolume, where it is mounted; else /run, as the sample); the layer
# cache in --enroot-cache (a shared file system: render passes <FSx for Lustre>/enroot/cache); Pyxis's runtime folder
# /run/pyxis (its pyxis.conf, on the shared /opt/slurm/etc, is the head node's installer's); all recreated at boot
# (tmpfiles.d); on Ubuntu 24.04 unprivileged user namespaces allowed again, as the tutorial does. A node whose
# /etc/enroot/enroot.conf someone else wrote is left alone.
# PCAGENT_ROOT (default: empty) prefixes the paths of the container part, for tests.
set -euo pipefail

die() { echo "pcluster-agent-job-user: $*" >&2; exit 1; }

[ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: $0 USER UID GID [--enroot-cache=DIR]"
user=$1
uid=$2
gid=$3
enroot_cache=/var/enroot/cache
if [ $# -eq 4 ]; then
  [[ $4 =~ ^--enroot-cache=(/[A-Za-z0-9._/-]+)$ ]] || die "expected --enroot-cache=/ABSOLUTE/DIR, got '$4'"
  enroot_cache=${BASH_REMATCH[1]}
fi
[[ $user =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die "USER must be a lower-case user name, got '$user'"
[[ $uid =~ ^[1-9][0-9]{0,9}$ ]] || die "UID must be a positive number, got '$uid'"
[[ $gid =~ ^[1-9][0-9]{0,9}$ ]] || die "GID must be a positive number, got '$gid'"

field() { cut -d: -f"$1"; }

group_by_name=$(getent group "$user" || true)
group_by_id=$(getent group "$gid" || true)
if [ -n "$group_by_name" ]; then
  [ "$(field 3 <<< "$group_by_name")" = "$gid" ] \
    || die "group $user exists with GID $(field 3 <<< "$group_by_name"), not $gid"
elif [ -n "$group_by_id" ]; then
  die "GID $gid belongs to group $(field 1 <<< "$group_by_id"), not $user"
fi

user_by_name=$(getent passwd "$user" || true)
user_by_id=$(getent passwd "$uid" || true)
if [ -n "$user_by_name" ]; then
  [ "$(field 3 <<< "$user_by_name")" = "$uid" ] || die "user $user exists with UID $(field 3 <<< "$user_by_name"), not $uid"
  [ "$(field 4 <<< "$user_by_name")" = "$gid" ] || die "user $user exists with GID $(field 4 <<< "$user_by_name"), not $gid"
elif [ -n "$user_by_id" ]; then
  die "UID $uid belongs to user $(field 1 <<< "$user_by_id"), not $user"
fi

[ -n "$group_by_name" ] || groupadd --system --gid "$gid" "$user"
if [ -z "$user_by_name" ]; then
  useradd --system --uid "$uid" --gid "$gid" --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
  echo "pcluster-agent-job-user: created $user (UID $uid, GID $gid)" >&2
fi

# Containers (ParallelCluster 3.11+): see the header.
root=${PCAGENT_ROOT:-}
examples=$root/opt/parallelcluster/examples
marker="# written by pcluster-agent-job-user.sh"
if [ -f "$examples/enroot/enroot.conf" ] \
    && { [ ! -s "$root/etc/enroot/enroot.conf" ] || grep -qxF "$marker" "$root/etc/enroot/enroot.conf"; }; then
  data=/run/enroot/data
  if [ -n "$(findmnt --noheadings --output TARGET --mountpoint "$root/scratch" 2> /dev/null)" ]; then
    data=/scratch/enroot/data
  fi
  for dir in /run/enroot "$data" /run/pyxis "$enroot_cache"; do
    mkdir -p "$root$dir"
    chmod 1777 "$root$dir"
  done
  mkdir -p "$root/etc/enroot" "$root/etc/tmpfiles.d"
  {
    echo "$marker"
    sed -e "s|^#\{0,1\}ENROOT_RUNTIME_PATH .*|ENROOT_RUNTIME_PATH        /run/enroot/user-\$(id -u)|" \
      -e "s|^#\{0,1\}ENROOT_DATA_PATH .*|ENROOT_DATA_PATH           $data/user-\$(id -u)|" \
      -e "s|^#\{0,1\}ENROOT_CACHE_PATH .*|ENROOT_CACHE_PATH          $enroot_cache/group-\$(id -g)|" \
      "$examples/enroot/enroot.conf"
  } > "$root/etc/enroot/enroot.conf.new"
  chmod 0644 "$root/etc/enroot/enroot.conf.new"
  mv "$root/etc/enroot/enroot.conf.new" "$root/etc/enroot/enroot.conf"
  printf 'd /run/enroot 1777 root root -\nd %s 1777 root root -\nd /run/pyxis 1777 root root -\n' "$data" \
    > "$root/etc/tmpfiles.d/pcluster-agent-containers.conf"
  # shellcheck disable=SC1091 # the node's own os-release
  if [ -f "$root/etc/os-release" ] && [ "$(. "$root/etc/os-release"; echo "${ID:-}${VERSION_ID:-}")" = ubuntu24.04 ]; then
    mkdir -p "$root/etc/sysctl.d"
    echo "kernel.apparmor_restrict_unprivileged_userns = 0" > "$root/etc/sysctl.d/99-pcluster-disable-apparmor-restrict-unprivileged-userns.conf"
    [ -n "$root" ] || sysctl --quiet --system > /dev/null
  fi
  echo "pcluster-agent-job-user: containers: Enroot's runtime in /run, its data in $data, its cache in $enroot_cache; Pyxis's runtime /run/pyxis" >&2
fi
