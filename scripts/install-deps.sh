#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what starprep needs on Debian 12, idempotently.
#   scripts/install-deps.sh build   compilers and libraries (make build / make run)
#   scripts/install-deps.sh test    + browser, npm test tools (make test)
#   scripts/install-deps.sh bench   + wrk, nginx (make bench)
#   scripts/install-deps.sh cluster + PostgreSQL 15, HAProxy, curl (make cluster)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PKGS=(build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-cpp-dev
  libkainjow-mustache-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev zlib1g-dev
  libzxcvbn-dev libgtest-dev libgmock-dev libbenchmark-dev)
TEST_PKGS=(chromium nodejs npm clang clang-format clang-tidy libclang-rt-14-dev curl python3 postgresql-15 haproxy)
BENCH_PKGS=(wrk nginx-light)
CLUSTER_PKGS=(postgresql-15 haproxy curl)

want=("${BUILD_PKGS[@]}")
case "${1:-build}" in
  build) ;;
  test) want+=("${TEST_PKGS[@]}") ;;
  bench) want+=("${BENCH_PKGS[@]}") ;;
  cluster) want+=("${CLUSTER_PKGS[@]}") ;;
  *) echo "usage: $0 build|test|bench|cluster" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  # nodejs/npm may come from elsewhere on a developer machine; accept a working binary.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${1:-build}" = test ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
