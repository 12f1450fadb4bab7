#!/usr/bin/env bash
# The clients against the C load generator, on the C epoll server (greetserve.c), as ratios within
# one run: greetload with N connections, then the examples `load` command with each client
# transport keeping N in flight, in both modes: `threads` (N threads calling the synchronous
# fetch) and `async` (a fetchAsync window of N). Each load run warms up for WARMUP seconds first
# (default 1, as the issue measured; the JIT is still compiling after 1 s, and its CPU counts in
# the client's: WARMUP=4 gives the steady state).
# Besides the rate, the client's CPU per greeting (process CPU time over the run, every thread),
# which a shared machine distorts less than the rate: greetload's from bash's `time`, load's
# from its own summary.
#
#   benchmarks/clients.sh [SECONDS=4] [N...=1 8]      JAVA=/path/to/java OUT=file.md WARMUP=1
#
# Builds greetload and greetserve with gcc; expects greetwire-examples.jar to exist.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-4}"; shift || true
ns=("$@")
if [[ ${#ns[@]} -eq 0 ]]; then
    ns=(1 8)
fi
java="${JAVA:-java}"
out="${OUT:-$here/target/clients.md}"
warmup="${WARMUP:-1}"
examples="$root/examples/target/greetwire-examples.jar"
mkdir -p "$here/target"
gcc -O2 -pthread -o "$here/target/greetload" "$here/src/main/c/greetload.c"
gcc -O2 -o "$here/target/greetserve" "$here/src/main/c/greetserve.c"
port=$(( 28000 + RANDOM % 2000 ))
log="$here/target/clients-serve.log"
rm -f "$log"
"$here/target/greetserve" "$port" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q '^serve:' "$log" && break; sleep 0.1; done

rate() { grep -Eo '[0-9,]+ greetings/s' | head -1 | tr -d ', greetings/s'; }
TIMEFORMAT='%U %S'
{
    echo "| in flight | client | mode | greetings/s | × greetload | client CPU µs/greeting | × greetload |"
    echo "| ---: | --- | --- | ---: | ---: | ---: | ---: |"
    for n in "${ns[@]}"; do
        "$here/target/greetload" 127.0.0.1 "$port" "$n" "$warmup" > /dev/null
        { time "$here/target/greetload" 127.0.0.1 "$port" "$n" "$secs" > "$here/target/clients-c.out"; } 2> "$here/target/clients-c.time"
        c=$(rate < "$here/target/clients-c.out")
        count=$(awk '{ print $2 }' "$here/target/clients-c.out")
        ccpu=$(awk -v n="$count" '{ printf "%.1f", ($1 + $2) * 1e6 / n }' "$here/target/clients-c.time")
        echo "| $n | C greetload | $n threads | $c | 1.00 | $ccpu | 1.00 |"
        for t in blocking nio netty; do
            for mode in threads async; do
                run=$("$java" -jar "$examples" load 127.0.0.1 --port "$port" --format seed --transport "$t" -c "$n" \
                    --mode "$mode" --warmup "$warmup" --duration "$secs" --io-threads 1 -q 2>&1 || true)
                r=$(echo "$run" | grep '^greetings:' | rate || true)
                cpu=$(echo "$run" | grep '^client cpu:' | awk '{ print $3 }' || true)
                ratio=$(awk -v a="${r:-0}" -v b="$c" 'BEGIN { printf "%.2f", a / b }')
                cratio=$(awk -v a="${cpu:-0}" -v b="$ccpu" 'BEGIN { printf "%.2f", a / b }')
                echo "| $n | $t | $mode | ${r:-failed} | $ratio | ${cpu:-?} | $cratio |"
            done
        done
    done
} | tee "$out"
echo "clients: written to $out"
