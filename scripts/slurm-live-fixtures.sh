#!/bin/bash
# Writes what each Slurm release of the matrix prints into the agent's test resources
# (agent/src/test/resources/io/pcagent/slurm/live/<major.minor>/, read by SlurmLiveFixturesTest): SlurmMatrixIT runs
# its scenario on Slurm 22.05 (bookworm), 24.11 (trixie, what ParallelCluster 3.14 ships) and 26.05 (sid) in
# containers/slurm, and keeps each command's output at each moment. One release only:
#   scripts/slurm-live-fixtures.sh 24.11
# Root, podman and debootstrap (scripts/install-deps.sh test); about 5 minutes for the three.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
engine=$(scripts/container-engine.sh start)
export "${engine?}" TESTCONTAINERS_RYUK_DISABLED=true
mvn -q -pl agent -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test=SlurmMatrixIT -Dpcagent.slurm.live.write=true -Dpcagent.slurm.releases="${1:-}"
git status --short agent/src/test/resources/io/pcagent/slurm/live
