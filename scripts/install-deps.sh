#!/bin/bash
# Installs what the build, the tests and the local sandbox need, only when something is missing.
# Debian 12 as root (or with sudo). Daemons are not started here: the sandbox starts its own.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven   # build
  slurm-wlm munge                 # the local Slurm cluster (sandbox)
  bindfs                          # its shared file systems (FUSE mounts every node sees)
  shellcheck                      # lint of every shell script in the repository
  util-linux procps               # setsid, unshare (a mount namespace per compute node), ps, kill
  openssl                         # test certificates for the TLS test
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
echo "installing: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
