#!/bin/bash
# A Docker-compatible engine for the Testcontainers tests (SlurmContainerIT, SlurmMatrixIT): rootful podman serving
# the Docker API on a socket of its own, and the base images containers/slurm/Dockerfile builds FROM, one per Debian
# suite whose slurm-wlm the matrix runs (localhost/debian:SUITE-min), made with debootstrap as no remote registry is
# reachable here. Idempotent.
#   scripts/container-engine.sh start   start it (if it is not answering) and print DOCKER_HOST=...
#   scripts/container-engine.sh stop    stop it
# Needs podman, runc and debootstrap (scripts/install-deps.sh installs them) and root.
set -euo pipefail

dir=${PCAGENT_ENGINE_DIR:-/run/pcagent-engine}
socket="$dir/podman.sock"
# bookworm: Slurm 22.05 (Debian 12's, the sandbox's); trixie: 24.11 (what ParallelCluster 3.14 ships); sid: 26.05
suites=${PCAGENT_SLURM_SUITES:-bookworm trixie sid}
export CONTAINERS_CONF="$dir/containers.conf"

answers() {
  curl -fsS --max-time 2 --unix-socket "$socket" http://engine/_ping > /dev/null 2>&1
}

# The Debian mirror apt uses here, for debootstrap.
mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

write_config() {
  mkdir -p "$dir"
  # runc, not crun (which fails on this kind of host's hybrid cgroups); no default ulimits (podman's exceed the
  # hard limits of these VMs); cgroupfs, as no systemd manages the service.
  cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
}

stop_service() {
  if [ -f "$dir/service.pid" ]; then
    kill "$(cat "$dir/service.pid")" 2> /dev/null || true
    rm -f "$dir/service.pid" "$socket"
  fi
}

# A service started from a folder since deleted (a CI clone removed for the next) still answers _ping, but every
# container it starts fails ("write child: broken pipe"): its children cannot start in that folder.
lost_its_folder() {
  [ -f "$dir/service.pid" ] && [[ $(readlink "/proc/$(cat "$dir/service.pid")/cwd" 2> /dev/null) == *" (deleted)" ]]
}

start_service() {
  if lost_its_folder; then
    echo "container-engine: the running service's working folder was deleted; starting a new one" >&2
    stop_service
  fi
  if answers; then
    return
  fi
  rm -f "$socket"
  # from /, which no clean-up removes
  (cd / && exec setsid podman system service --time=0 "unix://$socket" > "$dir/service.log" 2>&1 < /dev/null) &
  echo $! > "$dir/service.pid"
  for _ in $(seq 1 60); do
    if answers; then
      return
    fi
    sleep 0.5
  done
  echo "container-engine: podman system service did not answer on $socket within 30 s; its log:" >&2
  tail -n 20 "$dir/service.log" >&2
  exit 1
}

make_base_image() { # SUITE
  local suite=$1 image=localhost/debian:$1-min rootfs log=$dir/debootstrap-$1.log
  if podman image exists "$image"; then
    return
  fi
  rootfs=$(mktemp -d /var/tmp/pcagent-rootfs.XXXXXX)
  echo "container-engine: making $image with debootstrap from $(mirror)" >&2
  if ! debootstrap --variant=minbase "$suite" "$rootfs" "$(mirror)" > "$log" 2>&1; then
    echo "container-engine: debootstrap of $suite failed; the end of $log:" >&2
    tail -n 20 "$log" >&2
    rm -rf "$rootfs"
    return 1
  fi
  tar -C "$rootfs" -c . | podman import --quiet - "$image" > /dev/null
  rm -rf "$rootfs"
}

# The suites at once: each is mostly waiting on the mirror.
make_base_images() {
  local suite failed=0 pids=()
  for suite in $suites; do
    make_base_image "$suite" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
  done
  return $failed
}

# Testcontainers' reaper (Ryuk) cannot be pulled here, so tests stop their containers; a killed run's are removed here.
remove_stale_containers() {
  local stale
  stale=$(podman ps -aq --filter label=org.testcontainers=true)
  if [ -n "$stale" ]; then
    # shellcheck disable=SC2086 # one id per word
    podman rm -f $stale > /dev/null
  fi
}

case "${1:-}" in
  start)
    for tool in podman runc debootstrap curl; do
      command -v "$tool" > /dev/null || { echo "container-engine: $tool is missing: run scripts/install-deps.sh" >&2; exit 1; }
    done
    write_config
    start_service
    remove_stale_containers
    make_base_images
    echo "DOCKER_HOST=unix://$socket"
    ;;
  stop)
    stop_service
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
