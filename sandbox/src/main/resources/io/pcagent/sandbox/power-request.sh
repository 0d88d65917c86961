#!/bin/bash
# @ACTION@ program of the pcluster-agent sandbox; slurmctld runs it with a hostlist.
# Like ParallelCluster's, which asks EC2 for instances and returns, it only records the request and exits:
# the sandbox launcher (launcher.sh) acts on it. Never start slurmd from here: processes forked by slurmctld
# inherit a blocked signal mask, and such a slurmd never completes its registration.
set -eu
requests='@REQUESTS@'
tmp=$(mktemp "$requests/.@ACTION@.XXXXXX")
printf '%s\n' "$1" > "$tmp"
mv "$tmp" "$requests/@ACTION@-${tmp##*.}.req"
