#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# starprep benchmark (`make bench`): GET /roles/backend-developer on starprep against nginx
# serving the exact same bytes from disk, in the same run, alternating, with wrk.
# A benchmark, not a test: it exits 0 when targets are missed and prints PASS/MISS instead.
# Method and recorded results: docs/benchmarks.md.
#
# Environment (defaults in brackets):
#   BUILD_DIR [build/release]  where starprep and micro_bench are
#   ROUNDS [3]  DURATION [10] (seconds per wrk run)  CONNECTIONS [64]  THREADS [2] (wrk threads)
#   WARMUP [2] (seconds of unmeasured load per server and variant before the rounds; 0: none)
#   WORKERS [nproc] (starprep --threads and nginx worker_processes)
#   MICRO [1] (0: skip the Google Benchmark micro-benchmarks at the end)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-2}
WORKERS=${WORKERS:-$(nproc)}
MICRO=${MICRO:-1}
PAGE=/roles/backend-developer
# A fixed, well-formed visitor id (22 base64url characters): the page embeds a CSRF token derived
# from it, so every response has the same bytes. Without it, each response would mint a new id.
VISITOR=BenchVisitor0123456789
COOKIE="Cookie: sp_vid=$VISITOR"
GZIP_HDR="Accept-Encoding: gzip"

# Targets (docs/benchmarks.md, issue 2 item 11).
TARGET_RATIO=0.9
TARGET_P99_MS=5
TARGET_RSS_MB=100

STARPREP=$BUILD_DIR/starprep
die() { echo "bench: $*" >&2; exit 1; }
[ -x "$STARPREP" ] || die "$STARPREP not found; build it first (make build)"
for tool in wrk nginx; do command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh bench)"; done
[ "${#VISITOR}" -eq 22 ] || die "visitor id must be 22 characters"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/starprep-bench.XXXXXX")
# nginx workers may run as an unprivileged user (when started as root): let them read the docroot.
chmod 755 "$WORK"
mkdir -p "$WORK/data" "$WORK/www$PAGE" "$WORK/nginx/logs" "$WORK/nginx/tmp" "$WORK/runs"
SP_PID=""
NGINX_PID=""
SAMPLER_PID=""

stop_pid() {  # pid: SIGTERM, wait up to 10 s, then SIGKILL
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

stop_servers() {
  stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
  stop_pid "$SP_PID"; SP_PID=""
  stop_pid "$NGINX_PID"; NGINX_PID=""
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  stop_servers
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- small helpers -------------------------------------------------------------------------

# fetch PORT PATH OUT [HEADER...]: GET http://127.0.0.1:PORT/PATH, body bytes exactly as sent
# (no decoding) into OUT; prints the status code. Uses curl when present, else bash's /dev/tcp.
fetch() {
  local port=$1 path=$2 out=$3
  shift 3
  if command -v curl >/dev/null; then
    local args=() h
    for h in "$@"; do args+=(-H "$h"); done
    curl -sS --max-time 10 -o "$out" -w '%{http_code}' "${args[@]}" "http://127.0.0.1:$port$path" 2>/dev/null || echo 000
    return 0
  fi
  local raw=$out.raw
  if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then echo 000; return 0; fi
  {
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n' "$path" "$port"
    for h in "$@"; do printf '%s\r\n' "$h"; done
    printf '\r\n'
  } >&3
  timeout 10 cat <&3 >"$raw" || true
  exec 3<&-
  # The head ends at the first empty line; the body (Content-Length framed) is what follows.
  local LC_ALL=C line status="" head=0 ended=0
  while IFS= read -r line; do
    head=$((head + ${#line} + 1))
    [ -z "$status" ] && status=${line:9:3}
    [ "$line" = $'\r' ] && { ended=1; break; }
  done <"$raw"
  if [ "$ended" = 0 ]; then echo 000; return 0; fi
  tail -c +"$((head + 1))" "$raw" >"$out"
  rm -f "$raw"
  echo "$status"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p i
  for ((i = 0; i < 100; i++)); do
    p=$((20000 + RANDOM % 40000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port found"
}

cpu_ticks() {  # user+system clock ticks of the given processes (all their threads)
  local total=0 p s f
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    s=$(<"/proc/$p/stat")
    s=${s##*) }
    read -r -a f <<<"$s"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

nginx_pids() { echo "$NGINX_PID" "$(pgrep -P "$NGINX_PID" | tr '\n' ' ' || true)"; }

median() {  # numbers on stdin, one a line
  sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

to_ms() {  # wrk latency such as 812.00us, 3.41ms, 1.02s
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else { sub(/s$/, "", v); printf "%.3f", v * 1000 } }'
}

to_bytes() {  # wrk sizes such as 1.23GB, 512.00KB, 900B (binary units)
  awk -v v="$1" 'BEGIN {
    m = 1
    if (v ~ /KB$/) m = 1024; else if (v ~ /MB$/) m = 1048576; else if (v ~ /GB$/) m = 1073741824; else if (v ~ /TB$/) m = 1099511627776
    sub(/[KMGT]?B$/, "", v); printf "%.0f", v * m }'
}

# --- machine -------------------------------------------------------------------------------

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "== starprep benchmark — $(date -u '+%Y-%m-%d %H:%M:%SZ')"
echo "machine: $(nproc) CPUs, ${CPU_MODEL:-unknown CPU}, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tools:   $("$STARPREP" --version 2>&1 | head -n1 || true) ($STARPREP), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)"
echo "load:    wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, $ROUNDS rounds, alternating; server workers: $WORKERS"

# --- starprep ------------------------------------------------------------------------------

"$STARPREP" serve --listen 127.0.0.1:0 --metrics-listen off --data "$WORK/data" --content content --threads "$WORKERS" --no-access-log \
  >"$WORK/starprep.log" 2>&1 &
SP_PID=$!
SP_PORT=""
for ((i = 0; i < 600; i++)); do  # up to 60 s: the first start imports the bundled content
  kill -0 "$SP_PID" 2>/dev/null || { cat "$WORK/starprep.log" >&2; die "starprep exited during start-up"; }
  if [ -z "$SP_PORT" ]; then
    SP_PORT=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$WORK/starprep.log" | head -n1)
  fi
  if [ -n "$SP_PORT" ] && [ "$(fetch "$SP_PORT" /readyz "$WORK/readyz")" = 200 ]; then break; fi
  sleep 0.1
done
if [ -z "$SP_PORT" ] || [ "$(fetch "$SP_PORT" /readyz "$WORK/readyz")" != 200 ]; then
  cat "$WORK/starprep.log" >&2
  die "starprep not ready on /readyz within 60 s"
fi
echo "starprep: pid $SP_PID on http://127.0.0.1:$SP_PORT (data $WORK/data, --no-access-log)"

( while kill -0 "$SP_PID" 2>/dev/null; do
    awk '/^VmRSS:/ { print $2 }' "/proc/$SP_PID/status" 2>/dev/null || true
    sleep 0.2
  done ) >"$WORK/rss_kb" 2>/dev/null &
SAMPLER_PID=$!

# --- the exact bytes starprep serves, as nginx's docroot -----------------------------------

DOC=$WORK/www$PAGE
[ "$(fetch "$SP_PORT" "$PAGE" "$DOC/index.html" "$COOKIE")" = 200 ] || die "GET $PAGE (identity) did not return 200"
[ "$(fetch "$SP_PORT" "$PAGE" "$DOC/index.html.gz" "$COOKIE" "$GZIP_HDR")" = 200 ] || die "GET $PAGE (gzip) did not return 200"
[ "$(head -c2 "$DOC/index.html.gz" | od -An -tx1 | tr -d ' ')" = 1f8b ] || die "the gzip variant is not gzip"
gzip -dc "$DOC/index.html.gz" | cmp -s - "$DOC/index.html" || die "the gzip variant does not decompress to the identity bytes"
# Same cookie, same bytes: otherwise nginx would not be serving what starprep serves.
fetch "$SP_PORT" "$PAGE" "$WORK/again.html" "$COOKIE" >/dev/null
cmp -s "$WORK/again.html" "$DOC/index.html" || die "starprep's page bytes are not stable across requests with the same cookie"
chmod -R a+rX "$WORK/www"
ID_BYTES=$(stat -c %s "$DOC/index.html")
GZ_BYTES=$(stat -c %s "$DOC/index.html.gz")
echo "page:     $PAGE — identity $ID_BYTES bytes, gzip $GZ_BYTES bytes"

# --- nginx ---------------------------------------------------------------------------------

nginx -V 2>&1 | grep -q -- --with-http_gzip_static_module || die "this nginx lacks gzip_static (need nginx-light or fuller)"
start_nginx() {
  local port=$1 conf=$WORK/nginx/nginx.conf t
  cat >"$conf" <<EOF
# Generated by bench/run.sh.
worker_processes $WORKERS;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  types { text/html html; }
  default_type application/octet-stream;
  charset utf-8;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  open_file_cache max=1000 inactive=60s;
  keepalive_requests 10000;
  keepalive_timeout 75s;
  gzip off;
  gzip_static on;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    server_name bench;
    root $WORK/www;
    index index.html;
  }
}
EOF
  nginx -e "$WORK/nginx/logs/error.log" -p "$WORK/nginx/" -c "$conf" >"$WORK/nginx/stdout.log" 2>&1 &
  NGINX_PID=$!
  for ((t = 0; t < 100; t++)); do
    kill -0 "$NGINX_PID" 2>/dev/null || { NGINX_PID=""; return 1; }
    [ "$(fetch "$port" "$PAGE/" "$WORK/nginx.html")" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}
NGINX_PORT=""
for _ in 1 2 3 4 5; do
  p=$(free_port)
  if start_nginx "$p"; then NGINX_PORT=$p; break; fi
  stop_pid "$NGINX_PID"; NGINX_PID=""
done
[ -n "$NGINX_PORT" ] || { cat "$WORK/nginx/logs/error.log" "$WORK/nginx/stdout.log" >&2 2>/dev/null; die "nginx did not start"; }
echo "nginx:    pid $NGINX_PID on http://127.0.0.1:$NGINX_PORT (workers $WORKERS, sendfile, open_file_cache, gzip_static, no access log)"

# nginx must serve byte-for-byte what starprep serves, for both variants.
for v in identity gzip; do
  if [ "$v" = gzip ]; then want=$DOC/index.html.gz; extra=("$GZIP_HDR"); else want=$DOC/index.html; extra=(); fi
  [ "$(fetch "$NGINX_PORT" "$PAGE/" "$WORK/nginx.$v" "$COOKIE" "${extra[@]}")" = 200 ] || die "nginx: GET $PAGE/ ($v) did not return 200"
  if ! cmp -s "$WORK/nginx.$v" "$want"; then
    die "nginx serves different $v bytes ($(stat -c %s "$WORK/nginx.$v") vs starprep's $(stat -c %s "$want") bytes)"
  fi
done
echo "verified: nginx and starprep serve identical bodies for both variants"

# --- load ----------------------------------------------------------------------------------

RESULTS=$WORK/results.tsv  # variant server round rps p99_ms requests bytes_per_resp cpu_us_per_req errors
: >"$RESULTS"

# run_wrk SERVER VARIANT SECONDS OUT: one wrk run against SERVER with VARIANT's headers.
run_wrk() {
  local server=$1 variant=$2 secs=$3 out=$4 url
  local hdrs=(-H "$COOKIE")
  [ "$variant" = gzip ] && hdrs+=(-H "$GZIP_HDR")
  if [ "$server" = starprep ]; then url=http://127.0.0.1:$SP_PORT$PAGE; else url=http://127.0.0.1:$NGINX_PORT$PAGE/; fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency "${hdrs[@]}" "$url" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed against $server"; }
}

measure() {  # SERVER VARIANT ROUND
  local server=$1 variant=$2 round=$3 out pids t0 t1 rps p99 reqs read bpr cpu errs
  out=$WORK/runs/$variant-$server-$round.txt
  if [ "$server" = starprep ]; then pids=$SP_PID; else pids=$(nginx_pids); fi
  # shellcheck disable=SC2086
  t0=$(cpu_ticks $pids)
  run_wrk "$server" "$variant" "$DURATION" "$out"
  # shellcheck disable=SC2086
  t1=$(cpu_ticks $pids)
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  reqs=$(awk '/ requests in / { print $1 }' "$out")
  read=$(to_bytes "$(awk '/ requests in / { print $5 }' "$out")")
  if [ -z "$rps" ] || [ -z "$reqs" ] || [ "$reqs" -le 0 ]; then
    cat "$out" >&2
    die "could not parse wrk output"
  fi
  bpr=$((read / reqs))
  cpu=$(awk -v d="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v n="$reqs" 'BEGIN { printf "%.1f", d * 1e6 / hz / n }')
  errs=$(awk '/Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } /Non-2xx or 3xx/ { e += $NF } END { print e + 0 }' "$out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$server" "$round" "$rps" "$p99" "$reqs" "$bpr" "$cpu" "$errs" >>"$RESULTS"
  printf '  round %d  %-8s  %-8s  %10.0f req/s  p99 %7.2f ms  %6d B/resp  %6.1f CPU-us/req  errors %s\n' \
    "$round" "$variant" "$server" "$rps" "$p99" "$bpr" "$cpu" "$errs"
}

if [ "$WARMUP" -gt 0 ]; then
  echo "warm-up:  ${WARMUP}s per server and variant (not measured)"
  for v in identity gzip; do
    for s in starprep nginx; do run_wrk "$s" "$v" "$WARMUP" "$WORK/runs/warmup-$v-$s.txt"; done
  done
fi
echo "runs:"
for ((r = 1; r <= ROUNDS; r++)); do
  for v in identity gzip; do
    measure starprep "$v" "$r"
    measure nginx "$v" "$r"
  done
done

RSS_MAX_KB=$(sort -n "$WORK/rss_kb" | tail -n1)
RSS_HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SP_PID/status" 2>/dev/null || echo 0)
RSS_MAX_KB=${RSS_MAX_KB:-0}
stop_servers

# --- report --------------------------------------------------------------------------------

col() {  # VARIANT SERVER COLUMN(1-based in results.tsv) -> median
  awk -F'\t' -v v="$1" -v s="$2" -v c="$3" '$1 == v && $2 == s { print $c }' "$RESULTS" | median
}
verdict() { if awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { exit !((op == ">=") ? a >= b : (op == "<=") ? a <= b : a < b) }'; then echo PASS; else echo MISS; fi; }

echo
echo "== results: medians over $ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections, $THREADS wrk threads"
printf '%-9s %-9s %12s %10s %12s %14s\n' variant server "req/s" "p99 ms" "B/response" "CPU-us/req"
for v in identity gzip; do
  for s in starprep nginx; do
    printf '%-9s %-9s %12.0f %10.2f %12.0f %14.1f\n' "$v" "$s" "$(col "$v" "$s" 4)" "$(col "$v" "$s" 5)" \
      "$(col "$v" "$s" 7)" "$(col "$v" "$s" 8)"
  done
done
echo
printf '%-9s %18s %18s %14s %12s\n' variant "ratio req/s s/n" "ratio ≥ $TARGET_RATIO" "starprep p99" "p99 ≤ ${TARGET_P99_MS} ms"
for v in identity gzip; do
  ratio=$(awk -v a="$(col "$v" starprep 4)" -v b="$(col "$v" nginx 4)" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }')
  p99=$(col "$v" starprep 5)
  printf '%-9s %18s %18s %11.2f ms %12s\n' "$v" "$ratio" "$(verdict "$ratio" ">=" "$TARGET_RATIO")" "$p99" \
    "$(verdict "$p99" "<=" "$TARGET_P99_MS")"
done
rss_mb=$(awk -v k="$RSS_MAX_KB" 'BEGIN { printf "%.1f", k / 1024 }')
hwm_mb=$(awk -v k="$RSS_HWM_KB" 'BEGIN { printf "%.1f", k / 1024 }')
echo "starprep RSS: max sampled $rss_mb MB (peak VmHWM $hwm_mb MB)  rss < ${TARGET_RSS_MB} MB: $(verdict "$hwm_mb" "<" "$TARGET_RSS_MB")"
total_errs=$(awk -F'\t' '{ e += $9 } END { print e + 0 }' "$RESULTS")
[ "$total_errs" -eq 0 ] || echo "WARNING: wrk reported $total_errs socket errors or non-2xx responses (see the per-run lines)"

# --- micro-benchmarks ----------------------------------------------------------------------

if [ "$MICRO" != 0 ] && [ -x "$BUILD_DIR/micro_bench" ]; then
  echo
  echo "== micro-benchmarks ($BUILD_DIR/micro_bench)"
  "$BUILD_DIR/micro_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
fi
exit 0
