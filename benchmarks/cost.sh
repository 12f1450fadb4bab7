#!/usr/bin/env bash
# Server CPU per greeting: each server (benchmarks.jar serve NAME, one I/O thread; c-epoll is
# greetserve.c, the floor) is driven by the C load generator (greetload.c, 8 connections) for
# SECONDS after a warm-up; the server process's CPU time (utime + stime from /proc/PID/stat,
# every thread, the JIT and GC included) over the greetings greetload counted. ROUNDS rounds,
# the servers interleaved in each; prints the median and the range of the rounds, the ratio to
# c-epoll's median, and writes the same as a Markdown table to OUT (default benchmarks/target/cost.md).
#
#   benchmarks/cost.sh [SECONDS=4] [ROUNDS=3] [SERVER...]   (default: c-epoll, the baselines, every transport)
#   OUT=file.md JAVA=/path/to/java WARMUP=2 benchmarks/cost.sh
#   SERVER_OPTS="-Dgreetwire.bench.option.netty.inlineLimit=0" benchmarks/cost.sh 4 3 netty   (JVM flags of the Java servers)
#
# Needs gcc and Linux /proc; builds greetload and greetserve into benchmarks/target.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
secs="${1:-4}"; shift || true
rounds="${1:-3}"; shift || true
servers=("$@")
if [[ ${#servers[@]} -eq 0 ]]; then
    servers=(c-epoll base-blocking blocking base-nio nio base-netty netty)
fi
java="${JAVA:-java}"
warmup="${WARMUP:-2}"
out="${OUT:-$here/target/cost.md}"
bench="$here/target/benchmarks.jar"
mkdir -p "$here/target"
loader="$here/target/greetload"
cserver="$here/target/greetserve"
gcc -O2 -pthread -o "$loader" "$here/src/main/c/greetload.c"
gcc -O2 -o "$cserver" "$here/src/main/c/greetserve.c"
tck=$(getconf CLK_TCK)

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

declare -A results names
port=$(( 24000 + RANDOM % 2000 ))
for r in $(seq "$rounds"); do
    for s in "${servers[@]}"; do
        log="$here/target/cost-serve.log"
        rm -f "$log"   # not a stale "serve:" line from the last server
        if [[ "$s" == c-epoll ]]; then
            "$cserver" "$port" > "$log" 2>&1 &
        else
            "$java" ${SERVER_OPTS:-} -jar "$bench" serve "$s" --port "$port" > "$log" 2>&1 &
        fi
        pid=$!
        for _ in $(seq 100); do grep -q '^serve:' "$log" && break; sleep 0.1; done
        if ! grep -q '^serve:' "$log"; then
            echo "cost: $s did not start: $(cat "$log")" >&2; kill "$pid" 2>/dev/null || true; exit 1
        fi
        names[$s]=$(head -1 "$log" | sed 's/^serve: //; s/ on .*//')
        "$loader" 127.0.0.1 "$port" 8 "$warmup" > /dev/null          # JIT, caches, the timestamp
        before=$(cpu_ticks "$pid")
        line=$("$loader" 127.0.0.1 "$port" 8 "$secs")
        after=$(cpu_ticks "$pid")
        kill "$pid"; wait "$pid" 2>/dev/null || true
        count=$(echo "$line" | awk '{ print $2 }')
        rate=$(echo "$line" | awk '{ print $(NF-1) }')
        us=$(awk -v t="$(( after - before ))" -v hz="$tck" -v n="$count" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
        results[$s]="${results[$s]:-} $us:$rate"
        printf 'round %d  %-14s %8s µs/greeting  %8s greetings/s\n' "$r" "$s" "$us" "$rate"
        port=$(( port + 1 ))
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
floor=""
[[ -n "${results[c-epoll]:-}" ]] && floor=$(echo "${results[c-epoll]}" | tr ' ' '\n' | cut -d: -f1 | tr '\n' ' ' | median)
{
    echo "| server | CPU µs per greeting, median (range of $rounds) | × c-epoll | greetings/s (median) |"
    echo "| --- | ---: | ---: | ---: |"
    for s in "${servers[@]}"; do
        us=$(echo "${results[$s]}" | tr ' ' '\n' | cut -d: -f1 | tr '\n' ' ')
        rates=$(echo "${results[$s]}" | tr ' ' '\n' | cut -d: -f2 | tr '\n' ' ')
        m=$(echo "$us" | median)
        lo=$(echo "$us" | tr ' ' '\n' | grep -v '^$' | sort -g | head -1)
        hi=$(echo "$us" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)
        ratio=$([[ -n "$floor" ]] && awk -v a="$m" -v b="$floor" 'BEGIN { printf "%.2f", a / b }' || echo "")
        printf '| %s | %.2f (%.2f–%.2f) | %s | %.0f |\n' "${names[$s]}" "$m" "$lo" "$hi" "$ratio" "$(echo "$rates" | median)"
    done
} > "$out"
echo
cat "$out"
echo "cost: written to $out"
