#!/usr/bin/env bash
# CI smoke run of the benchmarks: every benchmark over the quick matrix with one 100 ms
# iteration and no warmup, then the report (Markdown + PNG charts) from its JSON.
# Proves the benchmarks and the report still run; the numbers mean nothing.
#
# Builds nothing: expects benchmarks/target/benchmarks.jar (mvn -pl benchmarks -am package).
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

rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
# quick --smoke exits 1 if any benchmark run failed (JMH's error is in the log above it).
"$java" -Djava.awt.headless=true -jar "$jar" quick --smoke --out "$out"

for f in results.json report.md rate.png latency.png payload.png; do
    if [[ ! -s "$out/$f" ]]; then
        echo "smoke: $out/$f is missing or empty" >&2
        exit 1
    fi
done
for b in ConnectionSetup GreetingRate Payload; do
    if ! grep -q "io.greetwire.bench.${b}Benchmark" "$out/results.json"; then
        echo "smoke: no $b result in $out/results.json" >&2
        exit 1
    fi
done
echo "smoke: OK in $(( $(date +%s) - start )) s; report in $out/report.md"
