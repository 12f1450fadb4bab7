#!/usr/bin/env bash
# TCP loopback against Unix domain sockets outside JMH: each server (the C floor greetserver.c,
# then benchmarks.jar serve NAME) driven for a few seconds by the C load generator (greetload.c,
# 8 connections) on TCP, then on a Unix socket, then on TCP again (the machine is shared and noisy:
# compare the ratios within one server's lines). Builds both C programs with gcc; expects
# benchmarks.jar (mvn -B -pl benchmarks -am package -DskipTests).
#
#   benchmarks/unix-crosscheck.sh [SECONDS=4] [SERVER...]   (default: c and every baseline and transport)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
secs="${1:-4}"; shift || true
servers=("$@")
if [[ ${#servers[@]} -eq 0 ]]; then
    servers=(c base-blocking blocking base-nio nio base-netty netty)
fi
java="${JAVA:-java}"
bench="$here/target/benchmarks.jar"
loader="$here/target/greetload"
cserver="$here/target/greetserver"
gcc -O2 -pthread -o "$loader" "$here/src/main/c/greetload.c"
gcc -O2 -o "$cserver" "$here/src/main/c/greetserver.c"
dir="$(mktemp -d /tmp/greetwire-unix.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
log="$dir/serve.log"

# start NAME CHANNEL: starts the server on TCP port $port or on $dir/s.sock; sets $pid.
start() {
    local name="$1" channel="$2"
    : > "$log"
    if [[ "$name" == c ]]; then
        if [[ "$channel" == unix ]]; then "$cserver" -U "$dir/s.sock" > "$log" 2>&1 &
        else "$cserver" "$port" > "$log" 2>&1 &
        fi
    else
        if [[ "$channel" == unix ]]; then "$java" -jar "$bench" serve "$name" --unix "$dir/s.sock" > "$log" 2>&1 &
        else "$java" -jar "$bench" serve "$name" --port "$port" > "$log" 2>&1 &
        fi
    fi
    pid=$!
    for _ in $(seq 100); do grep -qE '^(serve|greetserver): ' "$log" && return 0; sleep 0.1; done
    echo "   $name/$channel did not start: $(cat "$log")"; kill "$pid" 2>/dev/null || true; return 1
}

port=$(( 24000 + RANDOM % 2000 ))
for s in "${servers[@]}"; do
    echo "== $s"
    for channel in tcp unix tcp; do
        start "$s" "$channel" || continue
        if [[ "$channel" == unix ]]; then out=$("$loader" -U "$dir/s.sock" 8 "$secs")
        else out=$("$loader" 127.0.0.1 "$port" 8 "$secs")
        fi
        printf '   %-4s %s   (%s)\n' "$channel" "$out" "$(head -1 "$log")"
        kill "$pid"; wait "$pid" 2>/dev/null || true
        rm -f "$dir/s.sock"
        port=$(( port + 1 ))
    done
done
