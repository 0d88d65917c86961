#!/bin/bash
# Stand-in for ParallelCluster's /opt/parallelcluster/scripts/imds/imds-access.sh (aws-parallelcluster-cookbook,
# aws-parallelcluster-environment files/imds/imds-access.sh), which takes --allow USER[,USER...] and prints [INFO]
# lines: records the call and the user it allowed.
echo "imds-access.sh $*" >> "$FAKE_CALLS"
[ "$1" = --allow ] || { echo "[ERROR] Unrecognized option '$1'" >&2; exit 1; }
echo "$2" > "$FAKE_CALLS.allowed"
echo "[INFO] Allowing IMDS access for user: $2"
