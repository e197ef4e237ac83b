#!/bin/bash
# Start-up figures of the runtime image: launches N nodes at once (`run` with defaults, a fresh data
# directory each), each in a network namespace of its own that has only `lo` (nothing leaves the
# host, and the nodes do not see each other), and prints per node the time from launch to its
# banner and the CPU time (utime + stime) its JVM had used by then; with THREADS=1 also the CPU of
# its busiest threads. Then types `quit` to each and removes the namespaces. Needs root and `ip`.
# Usage: start-cpu.sh N [IMAGE] (IMAGE defaults to target/peerconnect next to this script).
# docs/BENCHMARKS.md ("Crowd discovery: less CPU per start") has figures taken with it.
set -euo pipefail
n=${1:?usage: start-cpu.sh N [IMAGE]}
image=${2:-$(dirname "$0")/target/peerconnect}
tmp=$(mktemp -d)
tck=$(getconf CLK_TCK)
cleanup() {
    for i in $(seq 1 "$n"); do ip netns del "pc-start-$$-$i" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
cpu_ms() { # utime + stime of /proc/.../stat, whose second field (comm) may hold spaces
    sed 's/^.*) //' "$1" | awk -v t="$tck" '{print int(($12 + $13) * 1000 / t)}'
}
for i in $(seq 1 "$n"); do
    ip netns add "pc-start-$$-$i"
    ip -n "pc-start-$$-$i" link set lo up
done
start=$(date +%s%N)
for i in $(seq 1 "$n"); do
    mkfifo "$tmp/in$i"
    (exec 3<>"$tmp/in$i"; exec ip netns exec "pc-start-$$-$i" "$image/bin/peerconnect" run --data-dir "$tmp/d$i" \
        <&3 >"$tmp/out$i" 2>"$tmp/err$i") &
    echo $! >"$tmp/pid$i"
done
for i in $(seq 1 "$n"); do
    pid=$(cat "$tmp/pid$i")
    waited=0
    until grep -q '^peerconnect node' "$tmp/out$i" 2>/dev/null; do
        sleep 0.005
        waited=$((waited + 1))
        if [ "$waited" -gt 6000 ] || ! kill -0 "$pid" 2>/dev/null; then
            echo "node $i: no banner; stderr:" >&2
            cat "$tmp/err$i" >&2
            exit 1
        fi
    done
    now=$(date +%s%N)
    echo "node $i banner $(( (now - start) / 1000000 )) ms cpu $(cpu_ms "/proc/$pid/stat") ms"
    if [ -n "${THREADS:-}" ]; then
        for t in /proc/"$pid"/task/*; do
            echo "$(cpu_ms "$t/stat") $(cat "$t/comm")"
        done | sort -rn | head -5 | sed 's/^/    /'
    fi
done
for i in $(seq 1 "$n"); do echo quit >"$tmp/in$i"; done
wait
