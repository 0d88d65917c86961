#!/bin/bash
# Installs what one of the README's two commands needs, only when something is missing (Debian 12, as root or with
# sudo). Daemons are not started here: the sandbox starts its own.
#   install-deps.sh demo   what `make demo` needs: the build, the local Slurm cluster and its shared file systems
#   install-deps.sh test   that, and what the tests need too: the sandbox's container stack (Enroot and Pyxis built by
#                          install-container-stack.sh, a local registry with an image made without Docker), shell
#                          lint, wrk and nginx, Prometheus, podman
# The demo leaves the container stack out: its smoke test runs no container, and Enroot's build (most of it musl) is
# a minute of a fresh machine's time (docs/benchmarks.md, "make demo on a fresh machine"). The sandbox runs
# containers on every node whenever the stack is installed, and says so when it is not.
set -euo pipefail

demo=(
  openjdk-17-jdk-headless maven   # build
  slurm-wlm munge                 # the local Slurm cluster (sandbox)
  bindfs                          # its shared file systems (FUSE mounts every node sees)
  util-linux procps               # setsid, unshare (a mount namespace per compute node), ps, kill
)
test_only=(
  # the container stack: what Enroot and Pyxis need to build and run, a local registry and an image made without Docker
  curl gawk jq squashfs-tools parallel pigz zstd libcap2-bin libtool automake libmd-dev make gcc libslurm-dev
  docker-registry skopeo umoci busybox-static
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
if [ "${1:-test}" = test ]; then
  "$(dirname "$0")/install-container-stack.sh"
fi
