#!/usr/bin/env bash
# What TLS costs per connection, against the reference: `openssl s_time -new` (one full TLS 1.3
# handshake after another, then the close) driven at `openssl s_server` and at each Greetwire
# server (the examples CLI, `server --tls-cert --tls-key`), for an EC P-256 and an RSA 2048 key.
# Prints handshakes per second (s_time's connections per real second) and the server's CPU per
# handshake (from /proc/PID/stat over the run). Needs openssl and examples/target/greetwire-examples.jar.
# Also writes the results as CSV (server,key,handshakes_per_s,cpu_us_per_handshake) to $OUT, which
# `java -jar benchmarks.jar report results.json --tls FILE` turns into the report's TLS section.
#
#   benchmarks/tls-crosscheck.sh [SECONDS=10] [SERVER...]
#   SERVER: s_server blocking nio netty-openssl netty-jdk (default: all)
#   OUT=file.csv (default: benchmarks/target/tls-crosscheck/tls-crosscheck.csv)
#   KEYS="ec rsa" (default: both), WARMUP=2 (seconds of s_time before each measurement)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
secs="${1:-10}"; shift || true
servers=("$@")
if [[ ${#servers[@]} -eq 0 ]]; then
    servers=(s_server blocking nio netty-openssl netty-jdk)
fi
java="${JAVA:-java}"
examples="$root/examples/target/greetwire-examples.jar"
work="$here/target/tls-crosscheck"
mkdir -p "$work"
hz=$(getconf CLK_TCK)
csv="${OUT:-$work/tls-crosscheck.csv}"
keys="${KEYS:-ec rsa}"
warmup="${WARMUP:-2}"
echo "server,key,handshakes_per_s,cpu_us_per_handshake" > "$csv"

# Keys and self-signed certificates as a user makes them (OpenSSL 3 writes PKCS#8 keys).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$work/ec.key" -out "$work/ec.pem" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$work/rsa.key" -out "$work/rsa.pem" 2>/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

port=$(( 24000 + RANDOM % 2000 ))
printf '%-14s %-4s %12s %16s\n' server key handshakes/s "server CPU/hs"
for key in $keys; do
    for s in "${servers[@]}"; do
        log="$work/$s-$key.log"
        case "$s" in
            s_server) openssl s_server -accept "127.0.0.1:$port" -cert "$work/$key.pem" -key "$work/$key.key" \
                          -tls1_3 -quiet -naccept 1000000 > "$log" 2>&1 < /dev/null & ;;
            *)  t="${s%%-*}"; opt=()
                [[ "$s" == netty-openssl ]] && opt=(--option netty.tls.provider=openssl)
                [[ "$s" == netty-jdk ]] && opt=(--option netty.tls.provider=jdk)
                "$java" -jar "$examples" server --transport "$t" --bind 127.0.0.1 --port "$port" --format text \
                    --message hello --quiet --tls-cert "$work/$key.pem" --tls-key "$work/$key.key" "${opt[@]}" > "$log" 2>&1 & ;;
        esac
        pid=$!
        for _ in $(seq 100); do
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1
        done
        # Warm up (JIT), then measure.
        openssl s_time -connect "127.0.0.1:$port" -new -time "$warmup" > /dev/null 2>&1 || true
        before=$(cpu_ticks "$pid")
        out=$(openssl s_time -connect "127.0.0.1:$port" -new -time "$secs" 2>&1 || true)
        after=$(cpu_ticks "$pid")
        # "N connections in T real seconds, ..."
        line=$(echo "$out" | grep 'real seconds' | head -1)
        n=$(echo "$line" | awk '{print $1}'); t=$(echo "$line" | awk '{print $4}')
        if [[ -z "$n" || -z "$t" || "$t" == 0 ]]; then
            echo "$s $key: no result: $out $(cat "$log")"
        else
            rate=$(awk -v n="$n" -v t="$t" 'BEGIN{printf "%.0f", n/t}')
            cpu=$(awk -v a="$after" -v b="$before" -v n="$n" -v hz="$hz" 'BEGIN{printf "%.0f", (a-b)/hz*1e6/n}')
            printf '%-14s %-4s %12s %16s\n' "$s" "$key" "$rate" "$cpu us"
            echo "$s,$key,$rate,$cpu" >> "$csv"
        fi
        kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
        port=$(( port + 1 ))
    done
done
echo "tls-crosscheck: wrote $csv"
