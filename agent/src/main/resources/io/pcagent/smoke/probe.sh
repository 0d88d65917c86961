#!/bin/bash
# Smoke-test probe of pcluster-agent. Runs on every compute node as a Slurm task: bash and coreutils only
# (compute nodes have no Java). Phases, each its own job step so that a step is a barrier across nodes:
#   write    local rank 0 of each node writes a token into every shared folder
#   check    every task checks its node and prints one JSON line
#   cleanup  one task removes the tokens
# Inputs (environment): PCAGENT_NODES (every node of the job, space-separated), PCAGENT_SHARED_DIRS,
# PCAGENT_GPUS ("node:count:gpu" or "node:count:mig" for nodes expected to have GPUs or MIG devices).
set -u
phase=${1:?phase}
node=${SLURMD_NODENAME:-$(hostname -s)}
rank=${SLURM_PROCID:-0}
job=${SLURM_JOB_ID:-0}
expected_nodes=$(wc -w <<< "${PCAGENT_NODES:-}")

token_dir() { printf '%s/.pcagent-smoke/%s' "$1" "$job"; }
clean() { tr -d '\042\134' | tr '\n\t\r' '   ' | cut -c1-300; }

# Where ParallelCluster's AMIs install them, which a batch job's non-login PATH does not name: EFA's libfabric
# tools under /opt/amazon/efa/bin, NVIDIA's driver tools in /usr/bin (the DLAMI also links /usr/local/cuda/bin).
tool() {
  local name=$1 dir
  shift
  if command -v "$name" > /dev/null 2>&1; then
    command -v "$name"
    return
  fi
  for dir in "$@"; do
    [ -x "$dir/$name" ] && { printf '%s\n' "$dir/$name"; return; }
  done
  return 1
}

checks=()
add() { checks+=("{\"name\":\"$1\",\"status\":\"$2\",\"detail\":\"$(printf '%s' "$3" | clean)\"}"); }

check_slurm_env() {
  if [ -z "${SLURM_JOB_ID:-}" ] || [ -z "${SLURMD_NODENAME:-}" ]; then
    add slurm-env fail "not inside a Slurm job step (SLURM_JOB_ID=${SLURM_JOB_ID:-unset}, SLURMD_NODENAME=${SLURMD_NODENAME:-unset})"
  elif [ "${SLURM_JOB_NUM_NODES:-}" != "$expected_nodes" ]; then
    add slurm-env fail "SLURM_JOB_NUM_NODES=${SLURM_JOB_NUM_NODES:-unset}, expected $expected_nodes"
  else
    add slurm-env ok "job $job on $SLURM_JOB_NUM_NODES nodes, rank $rank of ${SLURM_NTASKS:-?}"
  fi
}

check_shared_dirs() {
  local dir other content missing
  for dir in ${PCAGENT_SHARED_DIRS:-}; do
    if [ ! -d "$dir" ]; then
      add "shared:$dir" skipped "not mounted on this node"
      continue
    fi
    missing=""
    for other in ${PCAGENT_NODES:-}; do
      content=$(cat "$(token_dir "$dir")/$other" 2>/dev/null) || content=""
      [ "$content" = "$other $job" ] || missing="$missing $other"
    done
    if [ -z "$missing" ]; then
      add "shared:$dir" ok "read the tokens of all $expected_nodes nodes"
    else
      add "shared:$dir" fail "tokens missing or wrong from:$missing"
    fi
  done
}

check_gpus() {
  local entry rest expected="" kind=gpu found nvidia_smi
  for entry in ${PCAGENT_GPUS:-}; do
    rest=${entry#"$node":}
    if [ "$rest" != "$entry" ]; then
      expected=${rest%%:*}
      kind=${rest##*:}
    fi
  done
  if ! nvidia_smi=$(tool nvidia-smi /usr/bin /usr/local/nvidia/bin /usr/local/cuda/bin); then
    if [ -n "$expected" ]; then
      add gpu fail "nvidia-smi not found (PATH, /usr/bin, /usr/local/nvidia/bin, /usr/local/cuda/bin), $expected GPUs expected"
    else
      add gpu skipped "nvidia-smi not found"
    fi
    return
  fi
  if [ "$kind" = mig ]; then
    # Slurm counts MIG devices when the GPU type is a MIG profile: nvidia-smi -L lists them indented under each GPU.
    found=$("$nvidia_smi" -L 2>/dev/null | grep -c '^[[:space:]]*MIG ')
  else
    found=$("$nvidia_smi" -L 2>/dev/null | grep -c '^GPU ')
  fi
  if [ -n "$expected" ] && [ "$found" != "$expected" ]; then
    add gpu fail "nvidia-smi -L lists $found ${kind^^} devices, $expected expected (Gres)"
  else
    add gpu ok "nvidia-smi -L lists $found ${kind^^} devices"
  fi
}

check_efa() {
  local fi_info
  if ! fi_info=$(tool fi_info /opt/amazon/efa/bin); then
    add efa skipped "fi_info not found (PATH, /opt/amazon/efa/bin)"
  elif "$fi_info" -p efa >/dev/null 2>&1; then
    add efa ok "fi_info -p efa lists the EFA provider"
  else
    add efa fail "fi_info -p efa found no EFA provider"
  fi
}

case $phase in
  write)
    [ "${SLURM_LOCALID:-0}" = 0 ] || exit 0
    for dir in ${PCAGENT_SHARED_DIRS:-}; do
      if [ -d "$dir" ] && mkdir -p "$(token_dir "$dir")" 2>/dev/null; then
        printf '%s %s\n' "$node" "$job" > "$(token_dir "$dir")/$node" 2>/dev/null || true
      fi
    done
    ;;
  check)
    check_slurm_env
    check_shared_dirs
    check_gpus
    check_efa
    printf '{"node":"%s","host":"%s","rank":%s,"checks":[%s]}\n' \
      "$node" "$(hostname | clean)" "$rank" "$(IFS=,; printf '%s' "${checks[*]}")"
    ;;
  cleanup)
    for dir in ${PCAGENT_SHARED_DIRS:-}; do
      rm -rf "$(token_dir "$dir")"
    done
    ;;
  *)
    echo "unknown phase $phase" >&2
    exit 2
    ;;
esac
