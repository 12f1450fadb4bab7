#!/usr/bin/env bash
# Latency under a fixed arrival rate, per transport, up to saturation: each transport's server
# (benchmarks.jar serve T, one I/O thread) driven by the same transport's client with
# `greetwire-examples.jar load --rate R1,R2,...` (open loop; latency from each greeting's intended
# send time, HdrHistogram), one JVM per transport, each rate for SECONDS, stopping after the first
# rate that is not kept (< 90 %). Writes CSV for `benchmarks.jar report --latency FILE`.
#
#   benchmarks/latency.sh [SECONDS=3] [RATES=1000,2000,4000,6000,8000,10000,12000,14000,16000,20000,24000] [TRANSPORT...]
#   OUT=file.csv JAVA=/path/to/java benchmarks/latency.sh
#
# Expects benchmarks.jar and greetwire-examples.jar to exist.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-3}"; shift || true
rates="${1:-1000,2000,4000,6000,8000,10000,12000,14000,16000,20000,24000}"; shift || true
transports=("$@")
if [[ ${#transports[@]} -eq 0 ]]; then
    transports=(blocking nio netty)
fi
java="${JAVA:-java}"
out="${OUT:-$here/target/latency.csv}"
bench="$here/target/benchmarks.jar"
examples="$root/examples/target/greetwire-examples.jar"
mkdir -p "$(dirname "$out")" "$here/target"
echo "transport,target,achieved,ok,failed,p50_ms,p90_ms,p99_ms,p99.9_ms,max_ms" > "$out"
port=$(( 26000 + RANDOM % 2000 ))
for t in "${transports[@]}"; do
    log="$here/target/latency-serve.log"
    rm -f "$log"
    "$java" -jar "$bench" serve "$t" --port "$port" > "$log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q '^serve:' "$log" && break; sleep 0.1; done
    if ! grep -q '^serve:' "$log"; then
        echo "latency: $t did not start: $(cat "$log")" >&2; kill "$pid" 2>/dev/null || true; exit 1
    fi
    # blocking: threads, each pacing its own fetches; nio, netty: a fetchAsync window.
    c=256; [[ "$t" == blocking ]] && c=64
    echo "== $t: $(head -1 "$log"), load --rate $rates -c $c --duration $secs"
    run=$("$java" -jar "$examples" load 127.0.0.1 --port "$port" --transport "$t" --io-threads 1 -c "$c" \
        --rate "$rates" --warmup 1 --duration "$secs" -q 2>&1 || true)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$run" | grep -E '^(sweep|saturated|greetwire load)' | sed 's/^/   /'
    echo "$run" | grep '^sweep:' | sed -E "s/^sweep: target=([0-9.]+) achieved=([0-9.]+) ok=([0-9]+) failed=([0-9]+) p50=([0-9.]+) p90=([0-9.]+) p99=([0-9.]+) p99\.9=([0-9.]+) max=([0-9.]+)$/$t,\1,\2,\3,\4,\5,\6,\7,\8,\9/" >> "$out"
    port=$(( port + 1 ))
done
echo "latency: written to $out"
