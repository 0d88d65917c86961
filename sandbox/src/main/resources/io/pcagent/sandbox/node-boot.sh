#!/bin/bash
# Boots one compute node of the pcluster-agent sandbox. A ParallelCluster compute node is a machine of its own;
# here it is a mount namespace of its own, set up before the node's slurmd starts in it:
#
#   unshare --mount --propagation private -- bash node-boot.sh NODE [SLURMD_OPTION...]
#
# `sandbox up` runs it for the static nodes, the power launcher for the dynamic ones. What the node then sees:
#   - its own local disk (a tmpfs over nodes/NODE), its own /tmp and /var/tmp, and nothing of the head node's own
#     state: an empty tmpfs over each head-only folder (slurmctld's state, the munge key, the agent's run store
#     and token, the agent's install folders when present)
#   - its own /etc (an overlay whose changes stay on the node's disk): passwd, group and shadow are the head node's
#     minus the users only the head node has, plus what the node's own setup step adds (the job user)
#   - no Slurm commands in /usr/bin (a non-executable file over each): Slurm is in opt/slurm, as on ParallelCluster
#   - the shared file systems (the sandbox's FUSE mounts) at the same paths as the head node
set -euo pipefail
node=${1:?usage: node-boot.sh NODE [SLURMD_OPTION...]}
shift
dir='@DIR@'
conf='@SLURM_CONF@'
slurmd='@SLURMD@'
job_user_step='@JOB_USER_STEP@'
job_user='@JOB_USER@'
job_uid='@JOB_UID@'
job_gid='@JOB_GID@'
read -r -a head_only_users <<< '@HEAD_ONLY_USERS@'
read -r -a masks <<< '@MASKS@'
read -r -a hidden <<< '@HIDDEN_PROGRAMS@'
disk="$dir/nodes/$node"

die() { echo "node-boot $node: $*" >&2; exit 1; }

# Everything below changes mounts: never in the head node's (the host's) namespace.
[ "$(readlink /proc/self/ns/mnt)" != "$(readlink /proc/1/ns/mnt)" ] \
  || die "not in a mount namespace of its own: run it under unshare --mount --propagation private"
[ -d "$disk" ] || die "$disk is missing"

mount -t tmpfs -o mode=0755,size=2g "node-$node" "$disk"
mkdir -p "$disk/etc-upper" "$disk/etc-work"
mount -t overlay "etc-$node" -o "lowerdir=/etc,upperdir=$disk/etc-upper,workdir=$disk/etc-work" /etc

# The node's account files: the head node's, less the users (and their groups) only the head node has.
if [ ${#head_only_users[@]} -gt 0 ]; then
  pattern="^($(IFS='|'; echo "${head_only_users[*]}")):"
  for file in passwd group shadow gshadow; do
    [ -e "/etc/$file" ] || continue
    kept=$(grep -Ev "$pattern" "/etc/$file" || true)
    printf '%s\n' "$kept" > "/etc/$file"
  done
fi
# Enroot keeps its images and containers on the node's own disk, as on a ParallelCluster node (one host here: the
# defaults under root's home would be shared by every node). The local registry speaks plain HTTP.
if [ -d /etc/enroot ]; then
  mkdir -p /etc/enroot/enroot.conf.d "$disk/enroot/runtime" "$disk/enroot/cache" "$disk/enroot/data"
  chmod 1777 "$disk/enroot/runtime" "$disk/enroot/cache" "$disk/enroot/data"
  cat > /etc/enroot/enroot.conf.d/pcluster-sandbox-node.conf <<ENROOT
ENROOT_RUNTIME_PATH $disk/enroot/runtime/user-\$(id -u)
ENROOT_CACHE_PATH $disk/enroot/cache/group-\$(id -g)
ENROOT_DATA_PATH $disk/enroot/data/user-\$(id -u)
ENROOT_ALLOW_HTTP yes
ENROOT
fi

# The node's own setup, as ParallelCluster runs the installer's compute-node step (OnNodeConfigured).
bash "$job_user_step" "$job_user" "$job_uid" "$job_gid"

# A folder is masked by an empty tmpfs. When the sandbox itself lies below it (say, the sandbox under /tmp), the
# sandbox folder is carried across: moved aside with its mounts, the tmpfs laid, then moved back in place.
mask() {
  local folder=$1 aside
  case "$dir/" in
    "$folder"/*)
      aside=$(mktemp -d "/run/pca-node-$node.XXXXXX")
      mount --rbind "$dir" "$aside"
      mount -t tmpfs -o mode=0755 "local-$node" "$folder"
      mkdir -p "$dir"
      mount --move "$aside" "$dir"
      rmdir "$aside"
      ;;
    *)
      mount -t tmpfs -o mode=0755 "local-$node" "$folder"
      ;;
  esac
}
# Outer folders first, so that a folder inside the sandbox is masked after the sandbox was carried across.
while IFS= read -r folder; do
  [ -d "$folder" ] && mask "$folder"
done < <(printf '%s\n' "${masks[@]}" | awk '{ print length($0) " " $0 }' | sort -n | cut -d' ' -f2-)
chmod 1777 /tmp /var/tmp

printf '# not on this node: Slurm is in /opt/slurm/bin\n' > "$disk/not-here"
chmod 0644 "$disk/not-here"
for program in "${hidden[@]}"; do
  [ -e "$program" ] && mount --bind "$disk/not-here" "$program"
done

exec "$slurmd" -f "$conf" -N "$node" "$@"
