#!/bin/bash
# Builds and installs NVIDIA Enroot 4.1.2 and Pyxis 0.24.0 when they are missing: what every ParallelCluster node
# runs containers with (srun --container-image), and what the local sandbox's nodes run. Neither is packaged in
# Debian. From a folder of the release source tarballs when one is given ($PCAGENT_VENDOR_DIR, else ../shared/vendor
# beside the repository when it exists), checked against its SHA256SUMS; else from the upstream releases (git).
# Enroot is built with sysconfdir=/etc, so that each node (each sandbox node's own /etc) has its own configuration.
# Debian 12 as root; called by install-deps.sh after the Debian packages it needs.
set -euo pipefail

ENROOT_VERSION=4.1.2
PYXIS_VERSION=0.24.0
MARKERS=/usr/local/share/pcluster-agent
repo=$(cd "$(dirname "$0")/.." && pwd)
vendor=${PCAGENT_VENDOR_DIR:-$repo/../shared/vendor}

log() { echo "install-container-stack: $*" >&2; }
die() { log "$*"; exit 1; }

installed() { [ -e "$MARKERS/$1-$2.installed" ]; }

# Enroot's `make setcap`: unprivileged users (API jobs) import docker:// images with these two helpers.
setcaps() {
  if ! getcap /usr/local/bin/enroot-aufs2ovlfs | grep -q cap_mknod; then
    setcap cap_sys_admin+pe /usr/local/bin/enroot-mksquashovlfs
    setcap cap_sys_admin,cap_mknod+pe /usr/local/bin/enroot-aufs2ovlfs
  fi
}

if installed enroot "$ENROOT_VERSION" && installed pyxis "$PYXIS_VERSION"; then
  setcaps
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sources() {
  if [ -f "$vendor/SHA256SUMS" ]; then
    log "building from $vendor"
    (cd "$vendor" && sha256sum --check --quiet SHA256SUMS) || die "$vendor does not match its SHA256SUMS"
    tar -xzf "$vendor/enroot-$ENROOT_VERSION-with-submodules.tar.gz" -C "$work"
    tar -xzf "$vendor/pyxis-$PYXIS_VERSION.tar.gz" -C "$work"
  else
    log "building from the upstream releases (no $vendor/SHA256SUMS)"
    git clone --quiet --depth 1 --recurse-submodules --branch "v$ENROOT_VERSION" https://github.com/NVIDIA/enroot.git \
      "$work/enroot-$ENROOT_VERSION"
    git clone --quiet --depth 1 --branch "v$PYXIS_VERSION" https://github.com/NVIDIA/pyxis.git "$work/pyxis-$PYXIS_VERSION"
  fi
}

sources
install -d -m 0755 "$MARKERS"
if ! installed enroot "$ENROOT_VERSION"; then
  log "building Enroot $ENROOT_VERSION"
  # deps: `git submodule update` fails outside a git checkout; the tarball already holds the submodules.
  make -C "$work/enroot-$ENROOT_VERSION" -j2 install prefix=/usr/local sysconfdir=/etc > "$work/enroot.log" 2>&1 \
    || { tail -20 "$work/enroot.log" >&2; die "Enroot did not build"; }
  setcaps
  touch "$MARKERS/enroot-$ENROOT_VERSION.installed"
fi
if ! installed pyxis "$PYXIS_VERSION"; then
  log "building Pyxis $PYXIS_VERSION"
  make -C "$work/pyxis-$PYXIS_VERSION" prefix=/usr/local install > "$work/pyxis.log" 2>&1 \
    || { tail -20 "$work/pyxis.log" >&2; die "Pyxis did not build (it needs libslurm-dev)"; }
  touch "$MARKERS/pyxis-$PYXIS_VERSION.installed"
fi
log "Enroot $(enroot version) and Pyxis $PYXIS_VERSION installed"
