#!/bin/bash
# The job user of pcluster-agent, on one node. Jobs submitted over the agent's API run as this user on every node
# of the job, and a node knows a user only from its own /etc/passwd (ParallelCluster creates none across nodes), so
# every node needs it with the same UID and GID: files on the shared /home and /fsx then belong to the same user
# everywhere. It runs as root
#   - on the head node, from pcluster-agent-postinstall.sh;
#   - on every compute node, as each SlurmQueue's CustomActions.OnNodeConfigured script (pcluster-bootstrap render
#     writes that entry with these arguments; the local sandbox runs it on its nodes the same way):
#
#   pcluster-agent-job-user.sh USER UID GID
#
# A user or group of that name with other ids, or ids that belong to another name, is an error: nothing is changed
# then. Running it again is safe.
set -euo pipefail

die() { echo "pcluster-agent-job-user: $*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: $0 USER UID GID"
user=$1
uid=$2
gid=$3
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
