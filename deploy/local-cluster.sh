#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway cluster on loopback, for a demo (`make cluster`) and for tests/cluster: PostgreSQL 15
# (tests/pg/cluster.sh: socket only, as `nobody` when run as root), two `starprep serve`
# instances sharing it, and HAProxy (deploy/haproxy.cfg) in front.
#
#   deploy/local-cluster.sh start [DIR]            start whatever is not running (idempotent)
#   deploy/local-cluster.sh status [DIR]           processes, readiness, HAProxy's view; 0 if all up
#   deploy/local-cluster.sh rolling-restart [DIR]  SIGTERM, restart and wait for each instance in turn
#   deploy/local-cluster.sh stop [DIR]             stop everything, drop the database (idempotent)
#
# DIR (default /tmp/starprep-cluster; under /tmp so that `nobody` can reach the database socket)
# holds the logs (a.log, b.log, haproxy.log, pg/server.log), the pid files, the instances' data
# directories, and secrets.env (mode 0600: the CSRF secret, data keys and editor token both
# instances must share, generated at the first start and removed by stop).
# Ports: HAProxy on PORT (default 8090), instances on PORT+1 and PORT+2, their metrics on PORT+3
# and PORT+4, HAProxy's stats page on PORT+9. `make run` (8080, 8081) does not clash.
# Environment: PORT, STARPREP_BINARY (default build/release/starprep), DRAIN_SECONDS (default 3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
action="${1:-}"
dir="${2:-/tmp/starprep-cluster}"
usage() {
  echo "usage: deploy/local-cluster.sh start|status|rolling-restart|stop [DIR]" >&2
  exit 2
}
[[ -n "$action" ]] || usage
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# A started cluster keeps its settings in DIR/cluster.env: later commands use those, whatever
# the environment says, until `stop`.
CLUSTER_PORT="" CLUSTER_DRAIN="" CLUSTER_BINARY=""
if [[ -f "$dir/cluster.env" ]]; then
  # shellcheck source=/dev/null
  source "$dir/cluster.env"
  if [[ -n "${PORT:-}" && "$PORT" != "$CLUSTER_PORT" ]]; then
    echo "local-cluster: the cluster in $dir uses port $CLUSTER_PORT; PORT=$PORT is ignored until it is stopped" >&2
  fi
fi
port="${CLUSTER_PORT:-${PORT:-8090}}"
drain="${CLUSTER_DRAIN:-${DRAIN_SECONDS:-3}}"
binary="${CLUSTER_BINARY:-${STARPREP_BINARY:-$root/build/release/starprep}}"
pg_bin=/usr/lib/postgresql/15/bin
database_url="postgresql://starprep@/starprep?host=$dir/pg"
stats_url="http://127.0.0.1:$((port + 9))/;csv"

declare -A listen_port=([a]=$((port + 1)) [b]=$((port + 2)))
declare -A metrics_port=([a]=$((port + 3)) [b]=$((port + 4)))

say() { echo "local-cluster: $*"; }
die() {
  echo "local-cluster: $*" >&2
  exit 1
}

# True if the pid file NAME.pid names a running process.
running() {
  local pid
  [[ -f "$dir/$1.pid" ]] && pid="$(cat "$dir/$1.pid")" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# Polls `$2...` every 0.1 s until it succeeds or $1 seconds pass.
wait_for() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

ready() { curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:${listen_port[$1]}/readyz"; }

# HAProxy's state of server NAME in backend starprep (UP, DOWN, DRAIN, MAINT...), from the stats CSV.
haproxy_state() {
  curl -sf --max-time 2 "$stats_url" 2>/dev/null | awk -F, -v s="$1" '$1 == "starprep" && $2 == s { print $18 }'
}
haproxy_up() { [[ "$(haproxy_state "$1")" == UP* ]]; }

pg_running() { [[ -f "$dir/pg/data/postmaster.pid" ]] && "$pg_bin/pg_isready" -q -h "$dir/pg" -U starprep -d postgres; }

start_pg() {
  if pg_running; then return; fi
  "$root/tests/pg/cluster.sh" start "$dir/pg" >/dev/null
  "$pg_bin/createdb" -h "$dir/pg" -U starprep starprep
  "$binary" db migrate --database "$database_url" >/dev/null
  say "PostgreSQL 15 up (socket in $dir/pg), schema migrated"
}

# 32 random bytes as hex.
random_hex() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

make_secrets() {
  [[ -f "$dir/secrets.env" ]] && return
  (
    umask 077
    {
      echo "STARPREP_SECRET=$(random_hex)"
      echo "STARPREP_DATA_KEYS=1:$(random_hex)"
      echo "STARPREP_EDITOR_TOKEN=$(random_hex)"
    } >"$dir/secrets.env"
  )
}

start_instance() {
  local name="$1"
  if running "$name"; then return; fi
  mkdir -p "$dir/$name"
  chmod 700 "$dir/$name"
  (
    set -a
    # shellcheck source=/dev/null
    source "$dir/secrets.env"
    set +a
    exec "$binary" serve --listen "127.0.0.1:${listen_port[$name]}" \
      --metrics-listen "127.0.0.1:${metrics_port[$name]}" --data "$dir/$name" --database "$database_url" \
      --content "$root/content" --max-connections-per-address 0 --trusted-proxy 127.0.0.1 --drain-seconds "$drain" --no-access-log
  ) >>"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
  wait_for 60 ready "$name" || die "instance $name not ready within 60 s (log: $dir/$name.log)"
  say "instance $name ready on http://127.0.0.1:${listen_port[$name]} (pid $(cat "$dir/$name.pid"))"
}

start_haproxy() {
  if running haproxy; then return; fi
  command -v haproxy >/dev/null || die "haproxy is not installed (scripts/install-deps.sh cluster)"
  # As root, HAProxy drops to the package's `haproxy` user; otherwise it stays who it is.
  local user=haproxy group=haproxy
  [[ "$(id -u)" -eq 0 ]] || user="$(id -un)" group="$(id -gn)"
  STARPREP_HAPROXY_USER="$user" STARPREP_HAPROXY_GROUP="$group" STARPREP_FRONTEND="127.0.0.1:$port" STARPREP_INSTANCE_A="127.0.0.1:${listen_port[a]}" \
    STARPREP_INSTANCE_B="127.0.0.1:${listen_port[b]}" STARPREP_HAPROXY_STATS="127.0.0.1:$((port + 9))" \
    STARPREP_HAPROXY_SOCKET="$dir/haproxy.sock" \
    haproxy -db -f "$root/deploy/haproxy.cfg" >>"$dir/haproxy.log" 2>&1 </dev/null &
  echo $! >"$dir/haproxy.pid"
  wait_for 10 curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" ||
    die "HAProxy not answering on 127.0.0.1:$port within 10 s (log: $dir/haproxy.log)"
}

# Sends $2 to process NAME and waits up to $3 seconds for it to exit; then SIGKILL.
stop_process() {
  local name="$1" signal="$2" seconds="$3" pid
  if running "$name"; then
    pid="$(cat "$dir/$name.pid")"
    kill "-$signal" "$pid" 2>/dev/null || true
    if ! wait_for "$seconds" eval "! kill -0 $pid 2>/dev/null"; then
      say "$name (pid $pid) still running after $seconds s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_for 5 eval "! kill -0 $pid 2>/dev/null" || true
    fi
  fi
  rm -f "$dir/$name.pid"
}

status() {
  local ok=0 name state
  if pg_running; then say "PostgreSQL: up ($dir/pg)"; else say "PostgreSQL: down" && ok=1; fi
  for name in a b; do
    state="$(haproxy_state "$name" || true)"
    if running "$name" && ready "$name"; then
      say "instance $name: ready on http://127.0.0.1:${listen_port[$name]} (pid $(cat "$dir/$name.pid")), HAProxy: ${state:-?}"
    else
      say "instance $name: not ready, HAProxy: ${state:-?}" && ok=1
    fi
    [[ "$state" == UP* ]] || ok=1
  done
  if running haproxy; then say "HAProxy: http://127.0.0.1:$port (stats http://127.0.0.1:$((port + 9))/)"; else say "HAProxy: down" && ok=1; fi
  return $ok
}

case "$action" in
  start)
    [[ -x "$binary" ]] || die "no server binary at $binary (make build, or set STARPREP_BINARY)"
    [[ -x "$pg_bin/initdb" ]] || die "PostgreSQL 15 is not installed (scripts/install-deps.sh cluster)"
    chmod 755 "$dir"
    printf 'CLUSTER_PORT=%s\nCLUSTER_DRAIN=%s\nCLUSTER_BINARY=%s\n' "$port" "$drain" "$binary" >"$dir/cluster.env"
    make_secrets
    start_pg
    # One after the other: the first imports the bundled content into the empty database.
    start_instance a
    start_instance b
    start_haproxy
    for name in a b; do
      wait_for 15 haproxy_up "$name" || die "HAProxy does not see instance $name UP (log: $dir/haproxy.log)"
    done
    say "up: http://127.0.0.1:$port (logs and pid files in $dir; stop with: deploy/local-cluster.sh stop $dir)"
    ;;
  status) status ;;
  rolling-restart)
    for name in a b; do
      other=b
      [[ "$name" == b ]] && other=a
      haproxy_up "$other" || die "instance $other is not UP in HAProxy: restarting $name now would fail requests"
      say "instance $name: SIGTERM (drains for $drain s)"
      stop_process "$name" TERM $((${drain%.*} + 20))
      start_instance "$name"
      wait_for 15 haproxy_up "$name" || die "HAProxy does not see instance $name UP again"
      say "instance $name: UP in HAProxy again"
    done
    ;;
  stop)
    # Everything goes: SIGINT stops the instances at once (no drain), in-flight requests finish.
    stop_process haproxy TERM 10
    stop_process a INT 15
    stop_process b INT 15
    "$root/tests/pg/cluster.sh" stop "$dir/pg"
    rm -f "$dir/secrets.env" "$dir/cluster.env" "$dir/haproxy.sock"
    rm -rf "$dir/a" "$dir/b"
    say "stopped (logs kept in $dir)"
    ;;
  *) usage ;;
esac
