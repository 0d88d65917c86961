#!/bin/bash
# Installs what one of the README's two commands needs, only when something is missing (Debian 12, as root or with
# sudo). Daemons are not started here: the sandbox starts its own.
#   install-deps.sh demo   what `make demo` needs: the build, the local Slurm cluster, its shared file systems and
#                          its container stack (Enroot, Pyxis, a local registry with an image made without Docker)
#   install-deps.sh test   that, and what only the tests need: shell lint, wrk and nginx, Prometheus, podman
set -euo pipefail

demo=(
  openjdk-17-jdk-headless maven   # build
  slurm-wlm munge                 # the local Slurm cluster (sandbox)
  bindfs                          # its shared file systems (FUSE mounts every node sees)
  util-linux procps               # setsid, unshare (a mount namespace per compute node), ps, kill
  # the container stack: what Enroot and Pyxis need to build and run, a local registry and an image made without Docker
  curl gawk jq squashfs-tools parallel pigz zstd libcap2-bin libtool automake libmd-dev make gcc libslurm-dev
  docker-registry skopeo umoci busybox-static
)
test_only=(
  shellcheck                      # lint of every shell script in the repository
  openssl                         # test certificates for the TLS test
  wrk nginx-light                 # load from another process for the scale tests and benchmarks; nginx as their baseline
  prometheus                      # the real Prometheus (and promtool) that checks the dashboards and alert rules
  podman runc debootstrap         # the Docker-compatible engine of the Testcontainers tests (scripts/container-engine.sh)
)

case "${1:-test}" in
  demo) packages=("${demo[@]}") ;;
  test) packages=("${demo[@]}" "${test_only[@]}") ;;
  *) echo "usage: install-deps.sh [demo|test]" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
"$(dirname "$0")/install-container-stack.sh"
