#!/usr/bin/env bash
# Cross-check outside JMH: each server (benchmarks.jar serve NAME) driven for a few seconds by
# the C load generator (greetload.c, 8 connections) and by the examples `load` command with each
# client transport. Shows whether the Java load generators are the bottleneck.
# Builds greetload with gcc; expects benchmarks.jar and greetwire-examples.jar to exist.
#
#   benchmarks/crosscheck.sh [SECONDS=5] [SERVER...]   (default: every baseline and transport)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-5}"; shift || true
servers=("$@")
if [[ ${#servers[@]} -eq 0 ]]; then
    servers=(base-blocking blocking base-nio nio base-netty netty)
fi
java="${JAVA:-java}"
bench="$here/target/benchmarks.jar"
examples="$root/examples/target/greetwire-examples.jar"
loader="$here/target/greetload"
gcc -O2 -pthread -o "$loader" "$here/src/main/c/greetload.c"

port=$(( 22000 + RANDOM % 2000 ))
for s in "${servers[@]}"; do
    "$java" -jar "$bench" serve "$s" --port "$port" > "$here/target/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q '^serve:' "$here/target/serve.log" && break; sleep 0.1; done
    if ! grep -q '^serve:' "$here/target/serve.log"; then
        echo "== $s: did not start: $(cat "$here/target/serve.log")"; kill "$pid" 2>/dev/null || true; continue
    fi
    echo "== $(head -1 "$here/target/serve.log")"
    "$loader" 127.0.0.1 "$port" 8 "$secs" | sed 's/^/   C greetload   /'
    for t in blocking nio netty; do
        c=16
        out=$("$java" -jar "$examples" load 127.0.0.1 --port "$port" --transport "$t" -c "$c" --warmup 1 --duration "$secs" --io-threads 1 -q 2>&1 || true)
        echo "   load $t c=$c   $(echo "$out" | grep -E '^greetings:|not available|no transport' | head -1)"
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
    port=$(( port + 1 ))
done
