#!/usr/bin/env bash
# Flowgate benchmarks; prints figures, asserts nothing. Usage: ./flowgate bench [jmh|load|flow|media|all]
#   jmh   JMH: decrypt -> plugin -> encrypt in-process, native and JDK providers, one thread
#   load  wrk against POST /flows/appointment on loopback (32 connections), next to openssl's RSA-2048
#         private-operation rate measured in the same run; once with each crypto provider. Strict flow
#         tokens (BENCH_INIT_TOKENS, default 8192, issued through the admin API) checked against the embedded
#         store (BENCH_STORAGE).
#   flow  two instances on PostgreSQL and a client playing many users at once through INIT, two
#         data_exchange steps, the completion and its webhook; checks nothing is lost or applied twice
#         (BENCH_FLOW_USERS, default 2000; BENCH_FLOW_CONCURRENCY, default 32; BENCH_FLOW_WARMUP_SECONDS,
#         default 90, users played first so that the JIT has compiled the path; BENCH_PG_HOST, BENCH_PG_USER)
#   media download + verify + decrypt of a 25 MiB upload from a loopback CDN, next to openssl speed for
#         aes-256-cbc and sha256 (each byte is decrypted once and hashed twice, plus the HMAC)
#   ab    this checkout against another built one (BENCH_AB_OTHER=/path/to/checkout): both servers up at once,
#         alternating BENCH_AB_SLICE-second slices (default 10) of one phase (BENCH_AB_PHASE=init|ping, default
#         init), BENCH_AB_ROUNDS rounds (default 6); prints each server's CPU per request over its slices and per
#         round. For a change worth a few percent on a machine whose speed drifts by more within minutes.
# Environment: BENCH_SECONDS (load duration, default 25), BENCH_WARMUP_SECONDS (load: warm-up before each phase,
# default 20, so that the JIT has compiled the phase's path), BENCH_CONNECTIONS (default 32),
# BENCH_PROVIDERS (default "native jdk"), FLOWGATE_JAVA_OPTS (extra JVM options for the server),
# BENCH_BUILD=no (skip the build, for alternating runs of two builds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="$ROOT/adapters-http/benchmarks"
JAVA_HOME="$("$ROOT/flowgate" java-home)"
JAVA="$JAVA_HOME/bin/java"
mode="${1:-all}"
SECONDS_PER_RUN="${BENCH_SECONDS:-25}"
# A phase measured right after 5 s of warm-up spent 12-15 % of the server's CPU in the JIT on a machine whose
# RSA-2048 operation takes 0.8 ms (async-profiler, 2026-12-04): the figures are the steady state a server
# spends its life in, and the first answered ping measures the start on its own.
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
# The INIT phases replay one request per token, round robin, about 120,000 times in all. With 512 tokens every
# session sat at the journey's 100-step cap from the warm-up on, so that each INIT rewrote a 7.5 KB path: a
# state no session of real traffic reaches (a user opens a flow a few times). With 8192, a token sees about 15
# INITs by the end of the run. BENCH_INIT_TOKENS=512 measures the old worst case.
INIT_TOKENS="${BENCH_INIT_TOKENS:-8192}"

if [[ "${BENCH_BUILD:-yes}" != "no" ]]; then
  echo "== building"
  "$ROOT/flowgate" build -q
fi
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

# The server's CPU time so far (user + system, all threads) in seconds, from /proc: robust to other load on
# the machine, unlike requests/s.
cpu_seconds() { # $1: pid
  awk -v tick="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / tick }' "/proc/$1/stat"
}

rss_mib() { # $1: pid
  awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

now_ms() { date +%s%3N; }

# The server's RSA operations so far and their CPU time in seconds, from its metrics (management listener).
rsa_metrics() { # $1: management url; prints "cpu_seconds operations"
  curl -s "$1/observe/metrics" | awk '/^flowgate_crypto_rsa_cpu_seconds_total / { c = $2 }
    /^flowgate_crypto_rsa_operations_total / { o = $2 } END { print c + 0, o + 0 }'
}

# One wrk phase against the running server; prints its FIGURES line plus the server's CPU per request, and the
# CPU its RSA operations took in the same seconds (measured in the server, on the threads that ran them).
phase() { # $1: label, $2: pid, $3: lua script, $4: url, $5: seconds, $6: management url
  local before after figures requests rsa_before rsa_after
  rsa_before="$(rsa_metrics "$6")"
  before="$(cpu_seconds "$2")"
  figures="$(wrk -t1 -c"$CONNECTIONS" -d"${5}s" --timeout 10s -s "$3" "$4" | grep '^FIGURES')"
  after="$(cpu_seconds "$2")"
  rsa_after="$(rsa_metrics "$6")"
  requests="$(echo "$figures" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')"
  awk -v b="$before" -v a="$after" -v n="$requests" -v f="$figures" -v l="$1" -v rb="$rsa_before" -v ra="$rsa_after" \
    'BEGIN { split(rb, x, " "); split(ra, y, " "); ops = y[2] - x[2]; rsa = y[1] - x[1]
             printf "%s %s server_cpu_us_per_request=%.1f server_rsa_cpu_us_per_request=%.1f server_rsa_us_per_operation=%.1f\n",
               f, "phase=" l, (n > 0 ? (a - b) * 1e6 / n : 0), (n > 0 ? rsa * 1e6 / n : 0), (ops > 0 ? rsa * 1e6 / ops : 0) }'
}

load_once() { # $1: crypto provider (native|jdk), $2: "prime" to start, ping and stop only; prints PHASE lines and a SERVER line
  local provider="$1" work port management pid url started startup
  work="$(mktemp -d)"
  openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
  openssl rsa -in "$work/private.pem" -pubout -out "$work/public.pem" 2>/dev/null
  port="$(free_port)"
  management="$(free_port)"
  url="http://127.0.0.1:$port"
  # The pings need no token, so they exist before the server does: the first one times the start.
  "$JAVA" -cp "$CLASSPATH" io.flowgate.benchmarks.LoadRequests "$work/public.pem" "http://127.0.0.1:$management" \
    - appointment 512 "$work/ping.lua" bench-app-secret ping
  started="$(now_ms)"
  FLOWGATE_KEYS_PRIVATE_KEY="$work/private.pem" SERVER_HOST=127.0.0.1 SERVER_PORT="$port" \
    FLOWGATE_MANAGEMENT_PORT="$management" FLOWGATE_APP_SECRET=bench-app-secret \
    FLOWGATE_ADMIN_TOKEN=bench-admin-token-0123456789 FLOWGATE_STORAGE_TYPE="${BENCH_STORAGE:-embedded}" \
    FLOWGATE_PLUGINS_DIR="$ROOT/plugins" FLOWGATE_DATA_DIR="$work/data" FLOWGATE_CRYPTO_PROVIDER="$provider" \
    "$ROOT/flowgate" serve > "$work/server.log" 2>&1 &
  pid=$!   # the launcher execs the JVM, so this is the server's own process
  startup=""
  for _ in $(seq 1 1000); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
          -H "X-Hub-Signature-256: $(cat "$work/ping.lua.sig")" --data-binary "@$work/ping.lua.body" \
          "$url/flows/appointment" 2>/dev/null)" == "200" ]]; then
      startup="$(( $(now_ms) - started ))"
      break
    fi
    sleep 0.01
  done
  [[ -n "$startup" ]] || { echo "flowgate bench: the server did not answer a ping within 10 s" >&2; cat "$work/server.log" >&2; exit 1; }
  if [[ "${2:-}" == "prime" ]]; then
    wrk -t1 -c"$CONNECTIONS" -d3s -s "$work/ping.lua" "$url" > /dev/null
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$work"
    return 0
  fi
  "$JAVA" -cp "$CLASSPATH" io.flowgate.benchmarks.LoadRequests "$work/public.pem" "http://127.0.0.1:$management" \
    bench-admin-token-0123456789 appointment "$INIT_TOKENS" "$work/init.lua" bench-app-secret init
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$work/ping.lua" "$url" > /dev/null   # warm-up: JIT, pools
  phase ping "$pid" "$work/ping.lua" "$url" "$SECONDS_PER_RUN" "http://127.0.0.1:$management"
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$work/init.lua" "$url" > /dev/null
  phase init "$pid" "$work/init.lua" "$url" "$SECONDS_PER_RUN" "http://127.0.0.1:$management"
  echo "SERVER startup_ms=$startup rss_mib=$(rss_mib "$pid") load_seconds=$(( 2 * WARMUP_SECONDS + 2 * SECONDS_PER_RUN ))"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  grep -m1 "crypto provider" "$work/server.log" | sed 's/^.*crypto provider/server crypto provider/'
  # A non-2xx answer or an error is explained by the server's own line for it (failures are always logged).
  grep -E " (WARNING|SEVERE) " "$work/server.log" | grep -v -e "allow-unsigned" -e "app-secret is not set" \
    | head -n 10 | sed 's/^/server log: /'
  rm -rf "$work"
}

field() { # $1: line, $2: key; prints the value of key=value
  echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
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
  local single multi single_before multi_before single_after multi_after
  single_before="$(openssl_private_ops "")"
  multi_before="$(openssl_private_ops "-multi $(nproc)")"
  echo "openssl private ops/s: one core $single_before, -multi $(nproc) $multi_before ($(openssl version))"
  # The first serve after a build records the launcher's ahead-of-time cache and starts slowly; a server's
  # startup is the one every later start has, so one short run records it first.
  echo "== priming the launcher's startup cache (one short serve)"
  load_once native prime
  for provider in ${BENCH_PROVIDERS:-native jdk}; do
    echo "== load: POST /flows/appointment, signed pings then INIT with strict tokens (${BENCH_STORAGE:-embedded} store),"
    echo "   $CONNECTIONS connections, ${SECONDS_PER_RUN}s each after ${WARMUP_SECONDS}s of its own warm-up, provider $provider"
    local out ping init server
    out="$(load_once "$provider")"
    echo "$out"
    # This machine's speed drifts by 10-20 % within minutes (other tenants): the floor is measured again right
    # after the load, and the ratios use the mean of both measurements.
    single_after="$(openssl_private_ops "")"
    multi_after="$(openssl_private_ops "-multi $(nproc)")"
    echo "openssl private ops/s after the load: one core $single_after, -multi $(nproc) $multi_after"
    single="$(awk -v a="$single_before" -v b="$single_after" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
    multi="$(awk -v a="$multi_before" -v b="$multi_after" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
    echo "openssl private ops/s, mean of before and after: one core $single, -multi $(nproc) $multi"
    single_before="$single_after"; multi_before="$multi_after"
    ping="$(echo "$out" | grep '^FIGURES.*phase=ping')"
    init="$(echo "$out" | grep '^FIGURES.*phase=init')"
    server="$(echo "$out" | grep '^SERVER')"
    awk -v single="$single" -v multi="$multi" -v p="$provider" \
        -v prps="$(field "$ping" requests_per_second)" -v p50="$(field "$ping" p50_ms)" -v p99="$(field "$ping" p99_ms)" \
        -v pcpu="$(field "$ping" server_cpu_us_per_request)" -v perr="$(field "$ping" errors)" -v pbad="$(field "$ping" non2xx)" \
        -v irps="$(field "$init" requests_per_second)" -v i50="$(field "$init" p50_ms)" -v i99="$(field "$init" p99_ms)" \
        -v icpu="$(field "$init" server_cpu_us_per_request)" -v ierr="$(field "$init" errors)" -v ibad="$(field "$init" non2xx)" \
        -v prsa="$(field "$ping" server_rsa_cpu_us_per_request)" -v pop="$(field "$ping" server_rsa_us_per_operation)" \
        -v irsa="$(field "$init" server_rsa_cpu_us_per_request)" \
        -v startup="$(field "$server" startup_ms)" -v rss="$(field "$server" rss_mib)" -v secs="$(field "$server" load_seconds)" '
      function verdict(ok) { return ok ? "ok" : "BELOW TARGET" }
      BEGIN {
        rsa_us = 1e6 / single
        printf "RESULT provider=%s one RSA-2048 private operation = %.0f us of one core (openssl, one core)\n", p, rsa_us
        printf "RESULT ping: %.0f requests/s = %.2f of openssl -multi (target >= 0.80: %s)\n", prps, prps / multi, verdict(prps / multi >= 0.80)
        printf "RESULT ping: server CPU %.0f us/request, RSA share %.2f (target >= 0.85: %s), %.0f us/request beyond RSA\n", pcpu, rsa_us / pcpu, verdict(rsa_us / pcpu >= 0.85), pcpu - rsa_us
        if (prsa > 0) printf "RESULT ping: measured in the server in the same seconds, its RSA operations took %.0f us/request (%.0f us each) of %.0f: RSA share %.2f (target >= 0.85: %s)\n", prsa, pop, pcpu, prsa / pcpu, verdict(prsa / pcpu >= 0.85)
        printf "RESULT ping: p50 %.2f ms, p99 %.2f ms, p99/p50 %.1f (target <= 5: %s), errors %d, non-2xx %d\n", p50, p99, p99 / p50, verdict(p99 / p50 <= 5), perr, pbad
        printf "RESULT init (strict tokens): %.0f requests/s = %.2f of openssl -multi (target >= 0.75: %s), server CPU %.0f us/request, RSA share %.2f\n", irps, irps / multi, verdict(irps / multi >= 0.75), icpu, rsa_us / icpu
        if (irsa > 0) printf "RESULT init: measured in the server in the same seconds, RSA share %.2f (%.0f of %.0f us/request)\n", irsa / icpu, irsa, icpu
        printf "RESULT init: p50 %.2f ms, p99 %.2f ms, p99/p50 %.1f, errors %d, non-2xx %d\n", i50, i99, i99 / i50, ierr, ibad
        printf "RESULT memory: RSS %d MiB after %d s of load (target <= 300: %s); startup to the first answered ping %d ms (target < 2000: %s)\n", rss, secs, verdict(rss <= 300), startup, verdict(startup < 2000)
      }'
  done
}

start_server() { # $1: work dir, $2: name, $3: port, $4: management port, $5: storage; more env as "$@" after
  local work="$1" name="$2" port="$3" management="$4" storage="$5"
  shift 5
  env "$@" FLOWGATE_KEYS_PRIVATE_KEY="$work/private.pem" SERVER_HOST=127.0.0.1 SERVER_PORT="$port" \
    FLOWGATE_MANAGEMENT_PORT="$management" FLOWGATE_APP_SECRET=bench-app-secret \
    FLOWGATE_ADMIN_TOKEN=bench-admin-token-0123456789 FLOWGATE_STORAGE_TYPE="$storage" \
    FLOWGATE_PLUGINS_DIR="$ROOT/plugins" FLOWGATE_DATA_DIR="$work/data-$name" \
    "$ROOT/flowgate" serve > "$work/$name.log" 2>&1 &
  echo $!
}

await_up() { # $1: public port
  for _ in $(seq 1 1000); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.02
  done
  echo "flowgate bench: the server on port $1 did not start" >&2
  return 1
}

# Two instances on one PostgreSQL database (created for the run, dropped after), and a client playing many
# users at once through the whole appointment flow and its completion webhook.
run_flow() {
  local users="${BENCH_FLOW_USERS:-2000}" concurrency="${BENCH_FLOW_CONCURRENCY:-32}"
  local pg_host="${BENCH_PG_HOST:-127.0.0.1}" pg_user="${BENCH_PG_USER:-postgres}" db="flowgate_bench_$$"
  local work a b ma mb pid_a pid_b out flow multi
  echo "== openssl speed rsa2048 -multi $(nproc)"
  multi="$(openssl_private_ops "-multi $(nproc)")"
  echo "openssl private ops/s, -multi $(nproc): $multi"
  echo "== whole flow: $users users, $concurrency at once, two instances on PostgreSQL (database $db)"
  psql -q -h "$pg_host" -U "$pg_user" -d postgres -c "CREATE DATABASE $db" >/dev/null
  work="$(mktemp -d)"
  openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
  openssl rsa -in "$work/private.pem" -pubout -out "$work/public.pem" 2>/dev/null
  a="$(free_port)"; b="$(free_port)"; ma="$(free_port)"; mb="$(free_port)"
  local pg=(FLOWGATE_STORAGE_POSTGRES_URL="jdbc:postgresql://$pg_host:5432/$db" FLOWGATE_STORAGE_POSTGRES_USER="$pg_user"
            FLOWGATE_CRYPTO_PROVIDER="${BENCH_FLOW_PROVIDER:-auto}")
  pid_a="$(start_server "$work" a "$a" "$ma" postgres "${pg[@]}")"
  await_up "$a"   # the first instance migrates the schema; the second starts on it
  pid_b="$(start_server "$work" b "$b" "$mb" postgres "${pg[@]}")"
  await_up "$b"
  out="$(BENCH_SERVER_PIDS="$pid_a,$pid_b" "$JAVA" -cp "$CLASSPATH" io.flowgate.benchmarks.FlowLoad "$work/public.pem" \
    "http://127.0.0.1:$a,http://127.0.0.1:$b" "http://127.0.0.1:$ma,http://127.0.0.1:$mb" \
    bench-admin-token-0123456789 bench-app-secret "$users" "$concurrency")" || true
  kill "$pid_a" "$pid_b" 2>/dev/null || true
  wait "$pid_a" "$pid_b" 2>/dev/null || true
  echo "$out"
  flow="$(echo "$out" | grep '^FLOW' || true)"
  if [[ -z "$flow" ]]; then
    echo "flowgate bench: the flow load client failed; server logs:" >&2
    tail -n 20 "$work/a.log" "$work/b.log" >&2
  fi
  rm -rf "$work"
  psql -q -h "$pg_host" -U "$pg_user" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
  [[ -n "$flow" ]] || exit 1
  awk -v multi="$multi" -v sps="$(field "$flow" steps_per_second)" -v cps="$(field "$flow" completions_per_second)" \
      -v lost="$(field "$flow" lost)" -v replays="$(field "$flow" replays_accepted)" \
      -v twice="$(field "$flow" delivered_twice)" -v delivered="$(field "$flow" delivered)" -v users="$users" \
      -v pending="$(field "$flow" pending)" -v failed="$(field "$flow" failed)" \
      -v scpu="$(field "$flow" server_cpu_us_per_step)" -v ccpu="$(field "$flow" client_cpu_us_per_step)" 'BEGIN {
    ok = lost == 0 && replays == 0 && twice == 0 && pending == 0 && failed == 0 && delivered == users
    printf "RESULT flow: %.0f steps/s = %.2f of openssl -multi (target >= 0.60: %s); %.0f completions/s delivered\n", sps, sps / multi, sps / multi >= 0.60 ? "ok" : "BELOW TARGET", cps
    printf "RESULT flow: server CPU %.0f us per step (both instances; one RSA-2048 operation is about %.0f us), load client %.0f us per step on the same cores\n", scpu, 2e6 / multi, ccpu
    printf "RESULT flow: lost %d, replayed completions accepted %d, delivered %d of %d, twice %d, pending %d, failed %d: %s\n", lost, replays, delivered, users, twice, pending, failed, ok ? "nothing lost or applied twice" : "LOST OR DUPLICATED STEPS"
  }'
  echo "$flow" | tr ' ' '\n' | grep '_p[59][09]_ms=' | paste -sd' ' | sed 's/^/RESULT flow latency per step: /'
}

run_media() {
  echo "== media: download + verify + decrypt, 25 MiB, through MediaService"
  local figures
  # with the server's default JVM options, so that the resident set is the one a server would have
  local server_options
  server_options="$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' "$ROOT/flowgate")"
  figures="$("$JAVA" --enable-native-access=ALL-UNNAMED $server_options -cp "$CLASSPATH" io.flowgate.benchmarks.MediaBenchmark 40 | grep '^FIGURES')"
  echo "$figures"
  awk -v r="$(field "$figures" media_mb_per_s)" -v f="$(field "$figures" floor_mb_per_s)" \
      -v b="$(field "$figures" rss_mib_before)" -v a="$(field "$figures" rss_mib_after)" \
      -v c="$(field "$figures" cpu_ns_per_byte)" -v n="$(field "$figures" cdn_cpu_ns_per_byte)" -v k="$(field "$figures" cores_busy)" 'BEGIN {
    printf "RESULT media: %.0f MB/s (target >= 400: %s) = %.2f of the floor measured in this run (two SHA-256 passes and the HMAC: %.0f MB/s); RSS %d -> %d MiB over the rounds\n", r, r >= 400 ? "ok" : "BELOW TARGET", r / f, f, b, a
    printf "RESULT media: %.2f ns of CPU per byte (the loopback CDN %.2f of it), %.2f of 2 cores busy\n", c, n, k }'
  echo "== openssl speed, 16 KiB blocks, one core (MB/s, 1 MB = 10^6 bytes)"
  local to_mb='{ v = $NF; sub(/k$/, "", v); printf "%s %.0f MB/s\n", label, v / 1000 }'
  openssl speed -seconds 3 -evp aes-256-cbc -decrypt 2>/dev/null | awk -v label="aes-256-cbc decrypt" "toupper(\$1) == \"AES-256-CBC\" $to_mb"
  openssl speed -seconds 3 -evp sha256 2>/dev/null | awk -v label="sha256" "tolower(\$1) == \"sha256\" $to_mb"
  openssl speed -seconds 3 -hmac sha256 2>/dev/null | awk -v label="hmac-sha256" "tolower(\$1) == \"hmac(sha256)\" $to_mb"
}

run_ab() {
  local other="${BENCH_AB_OTHER:?set BENCH_AB_OTHER to the other checkout (built with ./flowgate build)}"
  local phase="${BENCH_AB_PHASE:-init}" rounds="${BENCH_AB_ROUNDS:-6}" slice="${BENCH_AB_SLICE:-10}"
  command -v wrk >/dev/null 2>&1 || { echo "flowgate bench: ab needs wrk (apt-get install wrk)" >&2; exit 2; }
  local work side root
  work="$(mktemp -d)"
  openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
  openssl rsa -in "$work/private.pem" -pubout -out "$work/public.pem" 2>/dev/null
  declare -A roots=([this]="$ROOT" [other]="$(cd "$other" && pwd)") pids ports managements cpu requests
  echo "== ab: $phase, $rounds rounds of ${slice}s slices; this = $ROOT, other = ${roots[other]}"
  for side in this other; do
    root="${roots[$side]}"
    ports[$side]="$(free_port)"; managements[$side]="$(free_port)"
    # start_server runs $ROOT's launcher with $ROOT's plugins
    pids[$side]="$(ROOT="$root" start_server "$work" "$side" "${ports[$side]}" "${managements[$side]}" embedded \
      FLOWGATE_CRYPTO_PROVIDER=native)"
  done
  for side in this other; do
    await_up "${ports[$side]}"
    root="${roots[$side]}"
    "$JAVA" -cp "$root/adapters-http/benchmarks/target/classes:$(cat "$root/adapters-http/benchmarks/target/classpath.txt")" \
      io.flowgate.benchmarks.LoadRequests "$work/public.pem" "http://127.0.0.1:${managements[$side]}" \
      bench-admin-token-0123456789 appointment "$INIT_TOKENS" "$work/$side.lua" bench-app-secret "$phase"
    wrk -t1 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$work/$side.lua" "http://127.0.0.1:${ports[$side]}" > /dev/null
    cpu[$side]=0; requests[$side]=0
  done
  local round before after n
  for round in $(seq 1 "$rounds"); do
    # Alternating which side goes first, so that neither always follows the other's slice.
    local order="this other"
    (( round % 2 == 0 )) && order="other this"
    for side in $order; do
      before="$(cpu_seconds "${pids[$side]}")"
      n="$(wrk -t1 -c"$CONNECTIONS" -d"${slice}s" --timeout 10s -s "$work/$side.lua" "http://127.0.0.1:${ports[$side]}" \
        | sed -n 's/^FIGURES requests=\([0-9]*\).*/\1/p')"
      after="$(cpu_seconds "${pids[$side]}")"
      cpu[$side]="$(awk -v t="${cpu[$side]}" -v a="$after" -v b="$before" 'BEGIN { print t + a - b }')"
      requests[$side]=$(( ${requests[$side]} + n ))
      awk -v a="$after" -v b="$before" -v n="$n" -v s="$side" -v r="$round" \
        'BEGIN { printf "round %d %-5s %6d requests, %7.1f us of server CPU per request\n", r, s, n, (a - b) * 1e6 / n }'
    done
  done
  for side in this other; do
    awk -v c="${cpu[$side]}" -v n="${requests[$side]}" -v s="$side" -v p="$phase" \
      'BEGIN { printf "RESULT ab %s %-5s %d requests, %.1f us of server CPU per request\n", p, s, n, c * 1e6 / n }'
  done
  kill "${pids[this]}" "${pids[other]}" 2>/dev/null || true
  wait "${pids[this]}" "${pids[other]}" 2>/dev/null || true
  grep -hE " (WARNING|SEVERE) " "$work/this.log" "$work/other.log" | grep -v -e "allow-unsigned" -e "app-secret is not set" \
    -e "GET / status=404" | head -n 10 | sed 's/^/server log: /'
  rm -rf "$work"
}

machine
case "$mode" in
  jmh) run_jmh ;;
  load) run_load ;;
  media) run_media ;;
  flow) run_flow ;;
  ab) run_ab ;;
  all) run_jmh; run_load; run_flow; run_media ;;
  *) echo "usage: ./flowgate bench [jmh|load|flow|media|ab|all]" >&2; exit 2 ;;
esac
