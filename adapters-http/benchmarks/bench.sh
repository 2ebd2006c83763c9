#!/usr/bin/env bash
# Flowgate benchmarks; prints figures, asserts nothing. Usage: ./flowgate bench [jmh|load|media|all]
#   jmh   JMH: decrypt -> plugin -> encrypt in-process, native and JDK providers, one thread
#   load  wrk against POST /flows/appointment on loopback (32 connections), next to openssl's RSA-2048
#         private-operation rate measured in the same run; once with each crypto provider. Strict flow
#         tokens (512, issued through the admin API) checked against the embedded store (BENCH_STORAGE).
#   media download + verify + decrypt of a 25 MiB upload from a loopback CDN, next to openssl speed for
#         aes-256-cbc and sha256 (each byte is decrypted once and hashed twice, plus the HMAC)
# Environment: BENCH_SECONDS (load duration, default 30), BENCH_CONNECTIONS (default 32),
# BENCH_PROVIDERS (default "native jdk"), FLOWGATE_JAVA_OPTS (extra JVM options for the server).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="$ROOT/adapters-http/benchmarks"
JAVA_HOME="$("$ROOT/flowgate" java-home)"
JAVA="$JAVA_HOME/bin/java"
mode="${1:-all}"
SECONDS_PER_RUN="${BENCH_SECONDS:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"

echo "== building"
"$ROOT/flowgate" build -q
CLASSPATH="$MODULE/target/classes:$(cat "$MODULE/target/classpath.txt")"

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
  echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
}

run_jmh() {
  echo "== JMH: the request path in-process (ops/s = requests/s on one thread)"
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CLASSPATH" org.openjdk.jmh.Main EndpointBenchmark -t 1 -rf text -rff "$MODULE/target/jmh-result.txt"
  echo "== JMH: checking one answer against its Flow JSON (us per answer)"
  "$JAVA" -cp "$CLASSPATH" org.openjdk.jmh.Main AnswerCheckBenchmark -t 1 -rf text -rff "$MODULE/target/jmh-answer-check.txt"
}

openssl_private_ops() { # $1: extra arguments; prints RSA-2048 private operations per second
  openssl speed -seconds 10 $1 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}' | tail -n 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

load_once() { # $1: crypto provider (native|jdk)
  local provider="$1" work port pid figures
  work="$(mktemp -d)"
  openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
  openssl rsa -in "$work/private.pem" -pubout -out "$work/public.pem" 2>/dev/null
  port="$(free_port)"
  management="$(free_port)"
  FLOWGATE_KEYS_PRIVATE_KEY="$work/private.pem" SERVER_HOST=127.0.0.1 SERVER_PORT="$port" \
    FLOWGATE_MANAGEMENT_PORT="$management" FLOWGATE_APP_SECRET=bench-app-secret \
    FLOWGATE_ADMIN_TOKEN=bench-admin-token-0123456789 FLOWGATE_STORAGE_TYPE="${BENCH_STORAGE:-embedded}" \
    FLOWGATE_PLUGINS_DIR="$ROOT/plugins" FLOWGATE_DATA_DIR="$work/data" FLOWGATE_CRYPTO_PROVIDER="$provider" \
    "$ROOT/flowgate" serve > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.2
  done
  "$JAVA" -cp "$CLASSPATH" io.flowgate.benchmarks.LoadRequests "$work/public.pem" "http://127.0.0.1:$management" \
    bench-admin-token-0123456789 appointment 512 "$work/post.lua" bench-app-secret
  wrk -t1 -c"$CONNECTIONS" -d10s -s "$work/post.lua" "http://127.0.0.1:$port" > /dev/null   # warm-up: JIT, pools
  figures="$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 10s -s "$work/post.lua" "http://127.0.0.1:$port" | grep '^FIGURES')"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  grep -m1 "crypto provider" "$work/server.log" | sed 's/^.*crypto provider/server crypto provider/'
  rm -rf "$work"
  echo "$figures"
}

run_load() {
  command -v wrk >/dev/null 2>&1 || {
    if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
      echo "== installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
    else
      echo "flowgate bench: the load benchmark needs wrk (apt-get install wrk)" >&2; exit 2
    fi
  }
  echo "== openssl speed rsa2048 (the cost floor: one RSA-2048 private operation per request)"
  local single multi
  single="$(openssl_private_ops "")"
  multi="$(openssl_private_ops "-multi $(nproc)")"
  echo "openssl private ops/s: one core $single, -multi $(nproc) $multi ($(openssl version))"
  for provider in ${BENCH_PROVIDERS:-native jdk}; do
    echo "== load: POST /flows/appointment (INIT), $CONNECTIONS connections, ${SECONDS_PER_RUN}s, provider $provider"
    local out figures rps p50 p99
    out="$(load_once "$provider")"
    echo "$out" | grep -v '^FIGURES'
    figures="$(echo "$out" | grep '^FIGURES')"
    echo "$figures"
    rps="$(echo "$figures" | sed -n 's/.*requests_per_second=\([0-9.]*\).*/\1/p')"
    p50="$(echo "$figures" | sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p')"
    p99="$(echo "$figures" | sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p')"
    awk -v r="$rps" -v m="$multi" -v a="$p50" -v b="$p99" -v p="$provider" 'BEGIN {
      printf "RESULT provider=%s requests/s=%.0f = %.0f%% of openssl -multi rate; p50=%.2f ms p99=%.2f ms p99/p50=%.1f\n",
             p, r, 100 * r / m, a, b, b / a }'
  done
}

run_media() {
  echo "== media: download + verify + decrypt, 25 MiB, through MediaService"
  "$JAVA" -cp "$CLASSPATH" io.flowgate.benchmarks.MediaBenchmark 8 | grep '^FIGURES'
  echo "== openssl speed, 16 KiB blocks, one core (MB/s, 1 MB = 10^6 bytes)"
  local to_mb='{ v = $NF; sub(/k$/, "", v); printf "%s %.0f MB/s\n", label, v / 1000 }'
  openssl speed -seconds 3 -evp aes-256-cbc -decrypt 2>/dev/null | awk -v label="aes-256-cbc decrypt" "toupper(\$1) == \"AES-256-CBC\" $to_mb"
  openssl speed -seconds 3 -evp sha256 2>/dev/null | awk -v label="sha256" "tolower(\$1) == \"sha256\" $to_mb"
  openssl speed -seconds 3 -hmac sha256 2>/dev/null | awk -v label="hmac-sha256" "tolower(\$1) == \"hmac(sha256)\" $to_mb"
}

machine
case "$mode" in
  jmh) run_jmh ;;
  load) run_load ;;
  media) run_media ;;
  all) run_jmh; run_load; run_media ;;
  *) echo "usage: ./flowgate bench [jmh|load|media|all]" >&2; exit 2 ;;
esac
