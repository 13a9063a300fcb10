#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Search and job-list benchmark (`make bench-search`, issue 12 items 5 and 6). For each feed size
# it loads the bundled content plus that many synthetic postings (bench/gen_jobs.py, seed 1),
# reports the import time (rows plus the full-text index, one transaction), then measures with
# wrk against a running server:
#   - latency (one connection, so each figure is one request's time, not queueing): median and
#     p99 of /api/v1/search and /api/v1/search/suggest over a rotation of 1-3 word queries,
#     with and without typos, and of the job list routes (each alone, then a rotation of filter,
#     sort and deep-page combinations);
#   - uncached latency: search and suggest texts that never repeat during the run (see uncached
#     below), p50 / p90 / p99 / max, after the time of the first search on a fresh server and of
#     the first search 3 s after a small job import by another process;
#   - throughput (CONNECTIONS connections): a typical search against the cached role page, with
#     the page cache's hits and misses during the run (from /metrics).
# Before each run it waits until the server answers /healthz at once: requests of the previous run
# that wrk abandoned still run on the server's I/O threads (a slow search at 100,000 postings holds
# one for a second or more), and a run that starts behind them measures that backlog, not its
# own route (the cached role page once reported 0 req/s that way).
# With BEFORE=/path/to/older/starprep everything is measured with that binary too, on its own
# database, in the same run (before/after). ONLY="uncached" skips the job-list and fixed-rotation
# rows and the throughput runs (a cold-search before/after in a few minutes).
# A benchmark, not a test: it reports, it does not judge. The machine's load average is printed
# with every size: on a shared machine, compare medians and say so. Results: docs/benchmarks.md.
#
# Environment (defaults in brackets):
#   BUILD_DIR [build/release]  SIZES ["10000 100000"]  DURATION [5] (seconds per latency run)
#   CONNECTIONS [16]  THREADS [2] (throughput runs)  BEFORE [] (an older starprep binary)
#   BACKEND [sqlite] (or postgres: a throwaway cluster from tests/pg/cluster.sh)
#   ONLY [] ("uncached": only the uncached rows)
#   DATA_FROM [] (SQLite: a data dir already holding the content and the feed DATA_FROM/feed.ndjson
#     of one size, e.g. from `starprep content import` and `starprep jobs import`: copied for each
#     binary instead of importing; set SIZES to that one size)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
SIZES=${SIZES:-"10000 100000"}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
BEFORE=${BEFORE:-}
BACKEND=${BACKEND:-sqlite}
ONLY=${ONLY:-}
DATA_FROM=${DATA_FROM:-}
STARPREP=$PWD/$BUILD_DIR/starprep

die() { echo "search-bench: $*" >&2; exit 1; }
[ -x "$STARPREP" ] || die "$STARPREP not found; build it first (make build)"
[ -z "$BEFORE" ] || [ -x "$BEFORE" ] || die "BEFORE=$BEFORE is not an executable"
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh bench)"; done
case "$BACKEND" in sqlite | postgres) ;; *) die "BACKEND must be sqlite or postgres" ;; esac
[ -z "$DATA_FROM" ] || [ "$BACKEND" = sqlite ] || die "DATA_FROM works with BACKEND=sqlite only"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/starprep-search-bench.XXXXXX")
chmod 755 "$WORK"
SP_PID=""
PG_DIR=""
METRICS_PORT=""
cleanup() {
  stop_server
  if [ -n "$PG_DIR" ]; then tests/pg/cluster.sh stop "$PG_DIR" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$BACKEND" = postgres ]; then
  PG_DIR=/tmp/pg-search-bench-$$
  tests/pg/cluster.sh start "$PG_DIR" >/dev/null
fi

# A fresh database for one binary and size: "--data DIR" for SQLite, a URL for PostgreSQL.
fresh_database() {  # name -> sets DATA_DIR and DATABASE_URL
  DATA_DIR=$WORK/data-$1
  mkdir -p "$DATA_DIR"
  DATABASE_URL=""
  if [ "$BACKEND" = postgres ]; then
    psql "postgresql://starprep@/postgres?host=$PG_DIR" -qc "CREATE DATABASE bench_$1" >/dev/null
    DATABASE_URL="postgresql://starprep@/bench_$1?host=$PG_DIR"
  fi
}

# Runs a CLI command of binary $1 on the current database.
cli() {
  local bin=$1
  shift
  STARPREP_DATABASE_URL=$DATABASE_URL "$bin" "$@"
}

start_server() {  # binary
  local bin=$1 port="" i
  : >"$WORK/server.log"
  STARPREP_DATABASE_URL=$DATABASE_URL "$bin" serve --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 --data "$DATA_DIR" \
    --content content --no-sample-jobs --no-access-log >"$WORK/server.log" 2>&1 &
  SP_PID=$!
  for ((i = 0; i < 600; i++)); do
    kill -0 "$SP_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "the server exited during start-up"; }
    [ -n "$port" ] || port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$WORK/server.log" | head -n1 || true)
    if [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; then
      PORT=$port
      METRICS_PORT=$(sed -n 's|^metrics on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$WORK/server.log" | head -n1 || true)
      return 0
    fi
    sleep 0.1
  done
  die "the server was not ready within 60 s"
}

stop_server() {
  [ -n "$SP_PID" ] || return 0
  kill -TERM "$SP_PID" 2>/dev/null || true
  wait "$SP_PID" 2>/dev/null || true
  SP_PID=""
}

# wrk's Lua: each request takes the next path of the file PATHS (one per line).
cat >"$WORK/rotate.lua" <<'EOF'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF

to_ms() {  # wrk durations such as 812.00us, 1.23ms, 2.00s
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else { sub(/s$/, "", v); printf "%.2f", v * 1000 } }'
}

# Waits (at most 120 s) until /healthz answers within 50 ms: the server has no backlog left.
settle() {
  local i t
  for ((i = 0; i < 1200; i++)); do
    t=$(curl -s -o /dev/null -m 10 -w '%{time_total}' "http://127.0.0.1:$PORT/healthz" || echo 99)
    awk -v t="$t" 'BEGIN { exit !(t < 0.05) }' && return 0
    sleep 0.1
  done
  echo "  (the server still had a backlog after 120 s)"
}

# A counter from the server's /metrics ("?" without a metrics listener).
metric() {
  [ -n "$METRICS_PORT" ] || { echo "?"; return 0; }
  curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk -v n="$1" '$1 == n { print $2 }'
}

# latency LABEL PATH...: one connection, DURATION seconds, the paths in turn; prints p50 and p99.
latency() {
  local label=$1 out=$WORK/wrk.txt
  shift
  printf '%s\n' "$@" >"$WORK/paths"
  for p in "$@"; do  # every path must answer 200 before it is timed
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$p")
    [ "$code" = 200 ] || die "GET $p answered $code"
  done
  settle
  PATHS=$WORK/paths wrk -t1 -c1 -d"${DURATION}s" --latency -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed"; }
  printf '  %-44s p50 %8s ms  p99 %8s ms  %8s req/s\n' "$label" "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")" \
    "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
}

throughput() {  # LABEL PATH
  local out=$WORK/wrk.txt hits misses
  settle
  hits=$(metric starprep_page_cache_hits_total)
  misses=$(metric starprep_page_cache_misses_total)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$2" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed"; }
  printf '  %-44s %8s req/s  p50 %8s ms  p99 %8s ms  page cache +%s hits +%s misses\n' "$1" \
    "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")" "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" \
    "$(awk -v a="$hits" -v b="$(metric starprep_page_cache_hits_total)" 'BEGIN { print (a == "?" ? "?" : b - a) }')" \
    "$(awk -v a="$misses" -v b="$(metric starprep_page_cache_misses_total)" 'BEGIN { print (a == "?" ? "?" : b - a) }')"
}

# uncached: search and suggest texts never asked before (bench/cold_queries.py: 1-3 words of the
# feed and the content, some with a typo, none repeated during the run), one connection, DURATION
# seconds each; the answer cache cannot help them. Before them, one search whose time includes
# what the first search after a write builds (the vocabulary; on SQLite the documents' filter
# and facet table), printed alone.
uncached() {
  local kind out first
  settle
  first=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/api/v1/search?q=benchmarkwarmup")
  printf '  %-44s %8.1f ms\n' "first search (builds per-state caches)" "$(awk -v t="$first" 'BEGIN { print t * 1000 }')"
  # 20 new postings imported by the CLI (another process) while the server runs, then a search 3 s
  # later: the server notices the write within 1 s (its watcher) and may build the per-state
  # caches there, before any search asks.
  python3 bench/gen_jobs.py --count 20 --seed 7 --today "$(date -u +%F)" | sed 's/"bench-0/"warm-0/' >"$WORK/warm.ndjson"
  cli "$bin" jobs import --data "$DATA_DIR" "$WORK/warm.ndjson" >/dev/null 2>&1 || die "the warm-up import failed"
  sleep 3
  first=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/api/v1/search?q=benchmarkafterimport")
  printf '  %-44s %8.1f ms\n' "first search 3 s after a 20-posting import" "$(awk -v t="$first" 'BEGIN { print t * 1000 }')"
  for kind in search suggest; do
    settle
    out=$(python3 bench/cold_queries.py --port "$PORT" --feed "$feed" --content content --duration "$DURATION" \
      --kind "$kind") || die "bench/cold_queries.py failed"
    # "<kind> n N p50 A p90 B p99 C max D"
    printf '  %-44s p50 %8s ms  p90 %8s ms  p99 %8s ms  max %8s ms  (%s texts)\n' "uncached $kind, never-asked texts" \
      "$(awk '{ print $5 }' <<<"$out")" "$(awk '{ print $7 }' <<<"$out")" "$(awk '{ print $9 }' <<<"$out")" \
      "$(awk '{ print $11 }' <<<"$out")" "$(awk '{ print $3 }' <<<"$out")"
  done
}

SEARCH_EXACT=(kafka postgres incident "kafka%20streaming" "react%20accessibility" "distributed%20systems%20design"
  "data%20pipelines%20spark" "on-call%20rotation" kubernetes "hiring%20loop")
SEARCH_TYPOS=(kafak postgers kubernetse "incidnet%20response" "acessibility%20react" "distribted%20systems"
  "piplines%20spark" "terrafrom%20aws")
SUGGEST=(ka kaf post kube incid "distributed%20sy" "react%20acc" pipel kubernets postgrs)
JOB_ROUTES=("/jobs" "/roles/backend-developer/jobs" "/api/v1/jobs?limit=20")
JOB_MIX=("/api/v1/jobs?sort=title" "/api/v1/jobs?role=data-engineer&type=CONTRACTOR"
  "/api/v1/jobs?currency=EUR&sort=salary" "/api/v1/jobs?currency=SEK&min_salary=500000&sort=salary&remote=1"
  "/api/v1/jobs?type=INTERN&role=product-manager&posted_within=7" "/api/v1/jobs?role=other"
  "/jobs?role=frontend-developer&remote=1&sort=title" "/jobs?page=200" "/api/v1/jobs?offset=20000&limit=20"
  "/roles/devops-engineer/jobs?currency=USD&sort=salary&page=3")

prefix() { local p=$1; shift; for q in "$@"; do printf '%s%s\n' "$p" "$q"; done; }

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "== starprep search and job-list benchmark — $(date -u '+%Y-%m-%d %H:%M:%SZ')"
echo "machine: $(nproc) CPUs, ${CPU_MODEL:-unknown CPU}, backend $BACKEND; latency: wrk -t1 -c1 -d${DURATION}s; throughput: wrk -t$THREADS -c$CONNECTIONS"

for n in $SIZES; do
  feed=$WORK/jobs-$n.ndjson
  if [ -n "$DATA_FROM" ]; then
    [ -f "$DATA_FROM/feed.ndjson" ] || die "DATA_FROM=$DATA_FROM has no feed.ndjson"
    feed=$DATA_FROM/feed.ndjson
  else
    python3 bench/gen_jobs.py --count "$n" --seed 1 --today "$(date -u +%F)" >"$feed"
  fi
  binaries=("$STARPREP")
  [ -n "$BEFORE" ] && binaries=("$BEFORE" "$STARPREP")
  for bin in "${binaries[@]}"; do
    label=after
    [ "$bin" = "$BEFORE" ] && label=before
    echo
    echo "== $n postings, $label ($bin), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    fresh_database "$label$n"
    if [ -n "$DATA_FROM" ]; then  # a copy: the binary may migrate it
      cp -r "$DATA_FROM/." "$DATA_DIR/"
      echo "  import: skipped (a copy of $DATA_FROM)"
    else
      [ "$BACKEND" = postgres ] && cli "$bin" db migrate --database "$DATABASE_URL" >/dev/null
      cli "$bin" content import content --data "$DATA_DIR" >/dev/null
      t0=$(date +%s.%N)
      cli "$bin" jobs import --data "$DATA_DIR" "$feed" >"$WORK/import.log" 2>&1 || true  # expired postings are imported too
      t1=$(date +%s.%N)
      grep -q '^jobs import:' "$WORK/import.log" || { cat "$WORK/import.log" >&2; die "jobs import failed"; }
      printf '  import: %s in %.1f s\n' "$(sed -n 's/^jobs import: //p' "$WORK/import.log")" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
    fi
    start_server "$bin"
    if [ "$ONLY" != uncached ]; then
      for r in "${JOB_ROUTES[@]}"; do latency "GET $r" "$r"; done
      latency "job lists: ${#JOB_MIX[@]} filter/sort/page mixes" "${JOB_MIX[@]}"
      mapfile -t q < <(prefix "/api/v1/search?q=" "${SEARCH_EXACT[@]}")
      latency "search, 1-3 words, no typos" "${q[@]}"
      mapfile -t q < <(prefix "/api/v1/search?q=" "${SEARCH_TYPOS[@]}")
      latency "search, 1-3 words, with typos" "${q[@]}"
      mapfile -t q < <(prefix "/api/v1/search/suggest?q=" "${SUGGEST[@]}")
      latency "suggest, prefixes and typos" "${q[@]}"
    fi
    uncached
    if [ "$ONLY" != uncached ]; then
      throughput "throughput: /api/v1/search?q=kafka" "/api/v1/search?q=kafka"
      throughput "throughput: /roles/backend-developer (cached)" "/roles/backend-developer"
    fi
    stop_server
  done
done
