#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL 15 cluster for the tests: `cluster.sh start DIR` runs initdb in DIR/data
# and starts a server that listens only on a Unix socket in DIR (no TCP port to collide with);
# `cluster.sh stop DIR` stops it and removes DIR; `pause DIR` stops the server and keeps its
# data, `resume DIR` starts it again on that data (the database-outage tests use these). When run as root (CI), the server runs as the
# unprivileged user `nobody`, as PostgreSQL requires. The tests connect with
#   host=DIR user=starprep dbname=postgres
# (trust authentication on the socket: the socket is only reachable by this machine's users, and
# the cluster lives as long as one test run). fsync is off: nothing here must survive a crash;
# PG_DURABLE=1 keeps PostgreSQL's durable defaults instead (bench/scale.py compares it with
# SQLite, which syncs every commit).
set -euo pipefail
action="${1:?usage: cluster.sh start|stop|pause|resume DIR}"
dir="${2:?usage: cluster.sh start|stop|pause|resume DIR}"
bin=/usr/lib/postgresql/15/bin
[[ -x "$bin/initdb" ]] || { echo "cluster.sh: PostgreSQL 15 is not installed (scripts/install-deps.sh test installs postgresql-15)" >&2; exit 1; }
as=()
[[ "$(id -u)" -eq 0 ]] && as=(runuser -u nobody --)

stop() {
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

serve() {
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [[ "${PG_DURABLE:-0}" == 1 ]] && durability=""
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' $durability -c max_connections=300" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "$action" in
  start)
    stop  # a cluster left by an interrupted run
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [[ ${#as[@]} -gt 0 ]]; then
      chown nobody "$dir"
      "${as[@]}" test -x "$dir" || { echo "cluster.sh: user nobody cannot reach $dir; use a directory under /tmp" >&2; exit 1; }
    fi
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U starprep -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    serve
    echo "cluster.sh: PostgreSQL 15 up, socket in $dir"
    ;;
  stop) stop ;;
  pause) "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ;;
  resume) serve ;;
  *) echo "usage: cluster.sh start|stop|pause|resume DIR" >&2; exit 2 ;;
esac
