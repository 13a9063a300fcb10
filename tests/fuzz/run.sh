#!/usr/bin/env bash
# Runs the coach fuzz target for a bounded time (seconds, default 60) from the checked-in seeds;
# new inputs go to a scratch corpus under build/, never into the source tree.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:?usage: run.sh FUZZ_BINARY [SECONDS]}"
seconds="${2:-60}"
if [[ ! -x "$binary" ]]; then
  echo "run.sh: $binary is not built; \`make test\` builds it (or: cmake -S tests/fuzz -B build/fuzz -G Ninja" \
       "-DCMAKE_CXX_COMPILER=clang++ -DCOACH_MODEL=\$PWD/build/release/generated/coach_model.bin && cmake --build build/fuzz)" >&2
  exit 1
fi
corpus="$(dirname "$binary")/corpus"
mkdir -p "$corpus"
exec "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "$corpus" "$here/seeds"
