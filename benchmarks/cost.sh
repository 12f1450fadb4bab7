#!/usr/bin/env bash
# Server CPU per greeting: each server (benchmarks.jar serve NAME, one I/O thread; c-epoll is
# greetserve.c, the floor) is driven by the C load generator (greetload.c, 8 connections) for
# SECONDS after a warm-up; the server process's CPU time (utime + stime from /proc/PID/stat,
# every thread, the JIT and GC included) over the greetings greetload counted. ROUNDS rounds,
# the servers interleaved in each; prints the median and the range of the rounds, the ratio to
# c-epoll's median and to the server's own baseline (base-NAME) when they ran, and writes the same
# as a Markdown table to OUT (default benchmarks/target/cost.md).
#
#   benchmarks/cost.sh [SECONDS=4] [ROUNDS=3] [SERVER...]   (default: c-epoll, the baselines, every transport)
#   OUT=file.md JAVA=/path/to/java WARMUP=2 CONNS=8 BENCH=other/benchmarks.jar benchmarks/cost.sh
#   SERVER_OPTS="-Dgreetwire.bench.option.netty.inlineLimit=0" benchmarks/cost.sh 4 3 netty   (JVM flags of the Java servers)
#   SIZE=1048576 CONNS=1 benchmarks/cost.sh 4 3 base-nio nio   (a SIZE-byte TEXT greeting; c-epoll serves only the seed's)
#   CHANNEL=unix benchmarks/cost.sh 4 3 base-nio nio          (over a Unix socket in a temporary directory)
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
conns="${CONNS:-8}"
size="${SIZE:-}"
channel="${CHANNEL:-tcp}"
case "$channel" in
    tcp) ;;
    unix) sockdir=$(mktemp -d); trap 'rm -rf "$sockdir"' EXIT ;;
    *) echo "cost: CHANNEL must be tcp or unix, got '$channel'" >&2; exit 2 ;;
esac
out="${OUT:-$here/target/cost.md}"
bench="${BENCH:-$here/target/benchmarks.jar}"
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
        if [[ "$channel" == unix ]]; then
            at=(--unix "$sockdir/$port.sock"); target=(-U "$sockdir/$port.sock")
        else
            at=(--port "$port"); target=(127.0.0.1 "$port")
        fi
        if [[ "$s" == c-epoll ]]; then
            [[ -z "$size" && "$channel" == tcp ]] || { echo "cost: c-epoll serves only the seed's greeting on TCP" >&2; exit 2; }
            "$cserver" "$port" > "$log" 2>&1 &
        else
            "$java" ${SERVER_OPTS:-} -jar "$bench" serve "$s" "${at[@]}" ${size:+--size "$size"} > "$log" 2>&1 &
        fi
        pid=$!
        for _ in $(seq 100); do grep -q '^serve:' "$log" && break; sleep 0.1; done
        if ! grep -q '^serve:' "$log"; then
            echo "cost: $s did not start: $(cat "$log")" >&2; kill "$pid" 2>/dev/null || true; exit 1
        fi
        names[$s]=$(head -1 "$log" | sed 's/^serve: //; s/ on .*//')
        "$loader" "${target[@]}" "$conns" "$warmup" > /dev/null    # JIT, caches, the timestamp
        before=$(cpu_ticks "$pid")
        line=$("$loader" "${target[@]}" "$conns" "$secs")
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
cpu_median() { echo "${results[$1]}" | tr ' ' '\n' | cut -d: -f1 | tr '\n' ' ' | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
floor=""
[[ -n "${results[c-epoll]:-}" ]] && floor=$(cpu_median c-epoll)
{
    seed="the seed's, 255 bytes"
    echo "greeting: ${size:-$seed}, greetload with $conns connection(s), over $channel${SERVER_OPTS:+, Java servers run with $SERVER_OPTS}"
    echo
    echo "| server | CPU µs per greeting, median (range of $rounds) | × c-epoll | × its baseline | greetings/s (median) |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    for s in "${servers[@]}"; do
        us=$(echo "${results[$s]}" | tr ' ' '\n' | cut -d: -f1 | tr '\n' ' ')
        rates=$(echo "${results[$s]}" | tr ' ' '\n' | cut -d: -f2 | tr '\n' ' ')
        m=$(cpu_median "$s")
        lo=$(echo "$us" | tr ' ' '\n' | grep -v '^$' | sort -g | head -1)
        hi=$(echo "$us" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)
        vs_c=$([[ -n "$floor" ]] && ratio "$m" "$floor" || echo "")
        vs_base=$([[ "$s" != base-* && -n "${results[base-$s]:-}" ]] && ratio "$m" "$(cpu_median "base-$s")" || echo "")
        printf '| %s | %.2f (%.2f–%.2f) | %s | %s | %.0f |\n' "${names[$s]}" "$m" "$lo" "$hi" "$vs_c" "$vs_base" "$(echo "$rates" | median)"
    done
} > "$out"
echo
cat "$out"
echo "cost: written to $out"
