#!/usr/bin/env bash
# CI smoke run of the benchmarks: every benchmark over the quick matrix (the TLS greeting rate at
# one point) with one 100 ms iteration and no warmup, one short round of the cost and latency-vs-rate scripts (cost.sh,
# latency.sh, on nio), one short round of tls-crosscheck.sh (EC key, s_server and nio, 1 s each),
# then the report (Markdown + PNG charts) from all of it.
# Proves the benchmarks and the report still run; the numbers mean nothing.
#
# Builds nothing but the C programs (gcc): expects benchmarks/target/benchmarks.jar and
# examples/target/greetwire-examples.jar (mvn -B package).
# Exits non-zero if the jar is missing, any benchmark fails, or the report is incomplete.
#
#   benchmarks/smoke.sh [OUT_DIR]          (default: benchmarks/target/smoke)
#   JAVA=/path/to/java benchmarks/smoke.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/benchmarks.jar"
out="${1:-$here/target/smoke}"
java="${JAVA:-java}"

if [[ ! -f "$jar" ]]; then
    echo "smoke: $jar not found; build it first: mvn -B -pl benchmarks -am package -DskipTests" >&2
    exit 2
fi

examples="$(dirname "$here")/examples/target/greetwire-examples.jar"
if [[ ! -f "$examples" ]]; then
    echo "smoke: $examples not found (latency.sh runs its load command); build it: mvn -B package -DskipTests" >&2
    exit 2
fi

rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
# quick --smoke exits 1 if any benchmark run failed (JMH's error is in the log above it).
"$java" -Djava.awt.headless=true -jar "$jar" quick --smoke --out "$out"

# The cost parts: CPU per greeting (C server as the floor) and latency under a fixed rate.
OUT="$out/cost.md" WARMUP=0.5 JAVA="$java" bash "$here/cost.sh" 1 1 c-epoll nio
OUT="$out/cost-1mib.md" SIZE=1048576 CONNS=1 WARMUP=0.5 JAVA="$java" bash "$here/cost.sh" 1 1 base-nio nio
OUT="$out/latency.csv" JAVA="$java" bash "$here/latency.sh" 1 500,1000 nio
OUT="$out/tls-crosscheck.csv" KEYS=ec WARMUP=1 JAVA="$java" bash "$here/tls-crosscheck.sh" 1 s_server nio
"$java" -Djava.awt.headless=true -jar "$jar" report "$out/results.json" --out "$out" \
    --cost "$out/cost.md" --cost "$out/cost-1mib.md" --latency "$out/latency.csv" --tls "$out/tls-crosscheck.csv"

for f in results.json report.md rate.png latency.png payload.png latency-rate-nio.png; do
    if [[ ! -s "$out/$f" ]]; then
        echo "smoke: $out/$f is missing or empty" >&2
        exit 1
    fi
done
for b in ConnectionSetup GreetingRate Payload TlsSetup; do
    if ! grep -q "io.greetwire.bench.${b}Benchmark" "$out/results.json"; then
        echo "smoke: no $b result in $out/results.json" >&2
        exit 1
    fi
done
for section in "## Allocation per fetch" "## Server CPU per greeting" "## Latency under a fixed arrival rate" \
        "## What TLS costs per connection"; do
    if ! grep -q "^$section" "$out/report.md"; then
        echo "smoke: no '$section' in $out/report.md" >&2
        exit 1
    fi
done
# The big-greeting cost table: the server against its own baseline.
if ! grep -q '^greeting: 1048576, greetload with 1 connection' "$out/report.md" \
        || ! grep -Eq '^\| nio \| [0-9.]+ \([0-9.]+–[0-9.]+\) \|  \| [0-9.]+ \|' "$out/report.md"; then
    echo "smoke: no 1 MiB row against its baseline in $out/report.md" >&2
    exit 1
fi
# The TLS greeting rate (quick --smoke measures one point: nio's pair, resumed) beside its plain rate.
if ! grep -q '^| server | client | channel | N | key | none/s | full/s ' "$out/report.md" \
        || ! grep -q '"tls" : "resumed"' "$out/results.json"; then
    echo "smoke: no TLS greeting rate in $out/report.md" >&2
    exit 1
fi
for s in s_server nio; do
    if ! grep -q "^$s,ec," "$out/tls-crosscheck.csv"; then
        echo "smoke: no $s result in $out/tls-crosscheck.csv" >&2
        exit 1
    fi
done
if ! grep -q '^nio,500,' "$out/latency.csv"; then
    echo "smoke: no nio result at 500/s in $out/latency.csv" >&2
    exit 1
fi
echo "smoke: OK in $(( $(date +%s) - start )) s; report in $out/report.md"
