#!/bin/bash
# Installs pcluster-agent on a ParallelCluster head node. ParallelCluster runs it as root, as the head node's
# CustomActions.OnNodeConfigured script (pcluster-bootstrap render writes that entry, stage uploads this file):
#
#   pcluster-agent-postinstall.sh BUNDLE_URI SHA256 [--expected-nodes=N] [--job-user=NAME:UID:GID]
#                                 [--enroot-cache=DIR] [AGENT_OPTION...]
#
# ParallelCluster runs the same entry again as the head node's OnNodeUpdated action after `pcluster update-cluster`
# (render writes both): it installs a newer bundle if the stage is new, and restarts the agent, which then reads the
# updated /opt/parallelcluster/shared/cluster-config.yaml (static nodes, mounts, FSx file systems).
# BUNDLE_URI (s3:// through the node's AWS CLI, or https://) is refused unless its sha256 is SHA256.
# --expected-nodes: a fixed node count for the new config.yaml (health.expectedNodes); without it the agent counts the
# static nodes of cluster-config.yaml, which follows updates (render no longer passes it).
# --job-user: the user API jobs run as (default pcagent-jobs:2950:2950); every compute node creates it with the same
# ids through the job-user step (render adds it to every queue), so it is written to config.yaml as jobs.user.
# --enroot-cache: Enroot's layer cache on a shared file system, for the job-user step, which also sets up Enroot and
# Pyxis on this node where the AMI ships them disabled (ParallelCluster 3.11+); this installer then enables Pyxis for the
# whole cluster: ParallelCluster's sample plugstack.conf and pyxis.conf (runtime_path /run/pyxis, node-local) into the
# shared /opt/slurm/etc, and one `scontrol reconfigure`, from the head node only (compute nodes write nothing shared).
# The AGENT_OPTIONs (such as --set http.port=9811, without spaces inside one) go to the agent and the runner.
# Installs the jar under /opt/pcluster-agent/<version> (current -> it), /etc/pcluster-agent/config.yaml when there
# is none yet, the systemd units, the job user and the agent's own system user (pcagent, which pcluster-agent.service
# runs as; `pcluster-agent prepare` gives it the places it writes to and writes the unit's drop-in of writable paths),
# then enables and (re)starts both services and waits until the agent
# answers /readyz (PCAGENT_READY_SECONDS, default 180); if it does not, the custom action fails with the agent's log
# tail. Java 17 comes from the distribution's own packages when missing (Ubuntu 22.04/24.04 and Debian: apt-get;
# Amazon Linux 2023: dnf, Corretto; RHEL, Rocky and AlmaLinux 8/9: dnf, OpenJDK). Where ParallelCluster closed
# instance metadata to other users (HeadNode.Imds.Secured, its default), the agent's user is added to ParallelCluster's
# own allow-list with its own script, and the rules saved where ParallelCluster restores them at boot. On a node that
# /etc/parallelcluster/cfnconfig says is not the head node it does nothing (compute nodes get only the job user, from
# their own step). Everything it prints also goes to /var/log/parallelcluster/pcluster-agent-install.log; its errors
# stay on stderr, which ParallelCluster puts in the custom action's failure event. Running it again with the same or a
# newer bundle is safe.
# PCAGENT_ROOT (default: empty, i.e. /) prefixes every path it reads or writes, for tests.
set -euo pipefail

root=${PCAGENT_ROOT:-}
install_log=$root/var/log/parallelcluster/pcluster-agent-install.log
mkdir -p "$(dirname "$install_log")"
echo "=== pcluster-agent-postinstall $* ($(date -u +%Y-%m-%dT%H:%M:%SZ))" >> "$install_log"
exec > >(tee -a "$install_log")
out_tee=$!
exec 2> >(tee -a "$install_log" >&2)
err_tee=$!

log() { echo "pcluster-agent-postinstall: $*" >&2; }
die() { log "$*"; exit 1; }
cfnconfig=$root/etc/parallelcluster/cfnconfig
if [ -f "$cfnconfig" ]; then
  node_type=$(sed -n 's/^cfn_node_type=//p' "$cfnconfig" | tr -d '"' | tail -1)
  if [ -n "$node_type" ] && [ "$node_type" != HeadNode ]; then
    log "this is a $node_type node, not the head node: nothing to install"
    exit 0
  fi
fi

[ $# -ge 2 ] || die "usage: $0 BUNDLE_URI SHA256 [AGENT_OPTION...]"
bundle_uri=$1
sha256=$2
shift 2
[[ $sha256 =~ ^[0-9a-f]{64}$ ]] || die "SHA256 must be 64 lower-case hex digits, got '$sha256'"
expected_nodes=""
job_user_spec=pcagent-jobs:2950:2950
enroot_cache=()
while [ $# -gt 0 ]; do
  case $1 in
    --expected-nodes=*) expected_nodes=${1#*=} ;;
    --job-user=*) job_user_spec=${1#*=} ;;
    --enroot-cache=*) enroot_cache=("$1") ;;
    *) break ;;
  esac
  shift
done
[ -z "$expected_nodes" ] || [[ $expected_nodes =~ ^[0-9]{1,6}$ ]] \
  || die "--expected-nodes must be a number of nodes, got '$expected_nodes'"
[[ $job_user_spec =~ ^([a-z_][a-z0-9_-]{0,31}):([1-9][0-9]{0,9}):([1-9][0-9]{0,9})$ ]] \
  || die "--job-user must be NAME:UID:GID, got '$job_user_spec'"
job_user=${BASH_REMATCH[1]}
job_uid=${BASH_REMATCH[2]}
job_gid=${BASH_REMATCH[3]}
for option in "$@"; do
  [[ $option =~ ^[^[:space:]\"\'\\]+$ ]] || die "agent option '$option' has spaces, quotes or backslashes: not supported"
done

# With HeadNode.Imds.Secured (ParallelCluster's default) only root, pcluster-admin and the cluster's default user reach
# instance metadata; the agent (FSx through the instance role) runs as its own user. ParallelCluster's allow-list is its
# script's (aws-parallelcluster-cookbook, aws-parallelcluster-environment: recipes/config/imds.rb runs
# files/imds/imds-access.sh --allow, then saves the rules to /etc/parallelcluster/sysconfig/ip(6)tables.rules, which
# its parallelcluster-iptables service restores at boot): the same script and files, for one more user.
allow_instance_metadata() {
  local user=$1 script=$root/opt/parallelcluster/scripts/imds/imds-access.sh rules=$root/etc/parallelcluster/sysconfig
  if [ ! -x "$script" ] || ! iptables -S PARALLELCLUSTER_IMDS 2> /dev/null | grep -q -- '-j REJECT'; then
    return 0
  fi
  bash "$script" --allow "$user" > /dev/null || die "cannot allow $user to reach instance metadata ($script --allow $user)"
  mkdir -p "$rules"
  { iptables-save > "$rules/iptables.rules" && ip6tables-save > "$rules/ip6tables.rules"; } \
    || die "cannot save the instance metadata rules to $rules"
  log "allowed $user to reach instance metadata (HeadNode.Imds.Secured)"
}

# Pyxis for the whole cluster where the AMI ships it disabled (ParallelCluster 3.11+: the samples in
# /opt/parallelcluster/examples, aws-parallelcluster-cookbook PR 2820; the steps of ParallelCluster's tutorial "Running
# containerized jobs with Pyxis", with copies rather than moves so that the samples stay): plugstack.conf includes
# plugstack.conf.d/*, whose pyxis.conf names the node-local runtime_path. Only here, on the head node: /opt/slurm/etc
# is shared with every node. A cluster where Pyxis is enabled already (by the operator, or an earlier install) is left
# alone, and Slurm is reconfigured once.
enable_pyxis() {
  local examples=$root/opt/parallelcluster/examples slurm_etc=$root/opt/slurm/etc
  if [ ! -f "$examples/pyxis/pyxis.conf" ] || [ -e "$slurm_etc/plugstack.conf.d/pyxis.conf" ]; then
    return 0
  fi
  mkdir -p "$slurm_etc/plugstack.conf.d"
  [ -e "$slurm_etc/plugstack.conf" ] || cp "$examples/spank/plugstack.conf" "$slurm_etc/plugstack.conf"
  sed 's|runtime_path=[^[:space:]]*|runtime_path=/run/pyxis|' "$examples/pyxis/pyxis.conf" > "$slurm_etc/plugstack.conf.d/pyxis.conf"
  "$root/opt/slurm/bin/scontrol" reconfigure || die "Pyxis is configured in $slurm_etc but scontrol reconfigure failed"
  log "enabled Pyxis for the cluster ($slurm_etc/plugstack.conf.d/pyxis.conf, runtime_path /run/pyxis)"
}

prefix=$root/opt/pcluster-agent
etc=$root/etc/pcluster-agent
units=$root/etc/systemd/system

work=$(mktemp -d)
# the log's tee is waited for, so that the last lines are in the file when ParallelCluster reads the result
trap 'rm -rf "$work"; exec >&- 2>&-; wait "$out_tee" "$err_tee" 2> /dev/null || true' EXIT

case $bundle_uri in
  s3://*) aws s3 cp --only-show-errors "$bundle_uri" "$work/bundle.tar.gz" || die "cannot fetch $bundle_uri" ;;
  https://*) curl --fail --silent --show-error --location --output "$work/bundle.tar.gz" "$bundle_uri" || die "cannot fetch $bundle_uri" ;;
  *) die "BUNDLE_URI must be an s3:// or https:// URI, got '$bundle_uri'" ;;
esac
actual=$(sha256sum "$work/bundle.tar.gz" | cut -d' ' -f1)
[ "$actual" = "$sha256" ] || die "$bundle_uri has sha256 $actual, not $sha256: refused"

mkdir "$work/bundle"
tar -xzf "$work/bundle.tar.gz" -C "$work/bundle" --no-same-owner
version=$(cat "$work/bundle/VERSION")
[[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "the bundle's VERSION is not a version: '$version'"

java_major() {
  java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {
    split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]) }'
}
# The distribution's Java 17 package, by /etc/os-release's ID: the package managers ParallelCluster's operating
# systems have (ubuntu2204, ubuntu2404, alinux2023, rhel8, rhel9, rocky8, rocky9).
install_java() {
  local id="" like=""
  if [ -f "$root/etc/os-release" ]; then
    id=$(sed -n 's/^ID=//p' "$root/etc/os-release" | tr -d '"')
    like=$(sed -n 's/^ID_LIKE=//p' "$root/etc/os-release" | tr -d '"')
  fi
  case " $id $like " in
    *" amzn "*) dnf install -y java-17-amazon-corretto-headless ;;
    *" rhel "* | *" fedora "* | *" centos "*) dnf install -y java-17-openjdk-headless ;;
    *" debian "* | *" ubuntu "*)
      # a fresh image has no package lists yet
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless ;;
    *) return 2 ;;
  esac
}
if ! command -v java > /dev/null || [ "$(java_major)" -lt 17 ]; then
  log "installing Java 17"
  install_java || case $? in
    2) die "no Java 17, and no package for this distribution ('$(sed -n 's/^PRETTY_NAME=//p' "$root/etc/os-release" 2> /dev/null | tr -d '"')'): install Java 17 first" ;;
    *) die "cannot install Java 17 with the distribution's package manager" ;;
  esac
fi

install -d -m 0755 "$prefix/$version" "$prefix/bin" "$units"
install -d -m 0750 "$etc"
install -m 0644 "$work/bundle/pcluster-agent.jar" "$prefix/$version/pcluster-agent.jar"
ln -sfn "$version" "$prefix/current"
install -m 0755 "$work/bundle/bin/pcluster-agent" "$prefix/bin/pcluster-agent"
if [ ! -e "$etc/config.yaml" ]; then
  {
    cat "$work/bundle/config/agent.yaml"
    printf 'jobs:\n  user: %s\n' "$job_user"
    # 0 static nodes (a cluster of dynamic nodes only) is no count to check.
    if [ -n "$expected_nodes" ] && [ "$expected_nodes" -gt 0 ]; then
      printf 'health:\n  expectedNodes: %s\n' "$expected_nodes"
    fi
  } > "$work/config.yaml"
  install -m 0644 "$work/config.yaml" "$etc/config.yaml"
else
  log "kept $etc/config.yaml as it is (health.expectedNodes and jobs.user there are not rewritten)"
fi
printf 'PCAGENT_ARGS=%s\n' "$*" > "$etc/agent.env"
install -m 0644 "$work/bundle/systemd/pcluster-agent.service" "$work/bundle/systemd/pcluster-agent-runner.service" "$units/"

PCAGENT_ROOT=$root bash "$work/bundle/pcluster-agent-job-user.sh" "$job_user" "$job_uid" "$job_gid" "${enroot_cache[@]}" \
  || die "cannot create the job user"
enable_pyxis
# the agent's own user: a system account of this node only (nothing of it runs on compute nodes)
getent group pcagent > /dev/null || groupadd --system pcagent
getent passwd pcagent > /dev/null \
  || useradd --system --gid pcagent --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pcagent
install -d -m 0755 "$root/home/pcluster-agent"
allow_instance_metadata pcagent
"$prefix/bin/pcluster-agent" prepare --config "$etc/config.yaml" --user pcagent --unit-dir "$units" "$@" \
  || die "cannot prepare the agent's folders (pcluster-agent prepare)"

systemctl daemon-reload
systemctl enable pcluster-agent.service pcluster-agent-runner.service
systemctl restart pcluster-agent.service pcluster-agent-runner.service

# the port: an agent option --set http.port=N, else the config's http.port, else the default
port=9810
configured=$(awk '/^http:/ { in_http = 1; next } /^[^ #]/ { in_http = 0 } in_http && $1 == "port:" { print $2 }' "$etc/config.yaml")
[ -z "$configured" ] || port=$configured
for option in "$@"; do
  case $option in http.port=*) port=${option#http.port=} ;; esac
done
ready_seconds=${PCAGENT_READY_SECONDS:-180}
deadline=$((SECONDS + ready_seconds))
until curl --silent --fail --output /dev/null --max-time 5 "http://127.0.0.1:$port/readyz"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "the agent did not answer http://127.0.0.1:$port/readyz within $ready_seconds s; the end of its log:"
    journalctl --unit pcluster-agent.service --no-pager --lines 40 >&2 || true
    die "pcluster-agent $version is installed but not ready (systemctl status pcluster-agent; journalctl -u pcluster-agent)"
  fi
  sleep 2
done
log "pcluster-agent $version installed and ready (port $port; config $etc/config.yaml; this log $install_log)"
