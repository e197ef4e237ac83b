#!/bin/sh
# The long values soak of docs/BENCHMARKS.md ("Values soak"): builds the runtime image and runs
# ValuesSoakIT for MINUTES (default 30) with five nodes in network namespaces (needs root and
# iproute2), a restart every 4 minutes alternating quit and SIGKILL. Prints its figures and fails if
# any acknowledged value is lost. Usage: peerconnect-app/soak-values.sh [MINUTES]
set -e
cd "$(dirname "$0")/.."
export PEERCONNECT_SOAK_MINUTES="${1:-30}"
exec mvn -B -o -pl peerconnect-app -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=ValuesSoakIT
