#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one libFuzzer target for a bounded time (seconds, default 60) in one process (no -jobs or
# -fork: libFuzzer's -jobs=N runs children whose output goes to fuzz-N.log files), from
# its checked-in seeds (tests/fuzz/seeds/<name>/, <name> being the binary's name without
# "_fuzz") and its dictionary if there is one (tests/fuzz/dicts/<name>.dict). New inputs go to a
# scratch corpus and crash reproducers to an artifacts folder, both next to the binary under
# build/, never into the source tree. The last lines are libFuzzer's final stats
# (stat::number_of_executed_units is the number of executions).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:?usage: run.sh FUZZ_BINARY [SECONDS]}"
seconds="${2:-60}"
if [[ ! -x "$binary" ]]; then
  echo "run.sh: $binary is not built; \`make test\` or \`make fuzz\` builds it (or: cmake -S tests/fuzz -B build/fuzz -G Ninja" \
       "-DCMAKE_CXX_COMPILER=clang++ -DCOACH_MODEL=\$PWD/build/release/generated/coach_model.bin && cmake --build build/fuzz)" >&2
  exit 1
fi
name="$(basename "$binary")"
name="${name%_fuzz}"
seeds="$here/seeds/$name"
if [[ ! -d "$seeds" ]]; then
  echo "run.sh: no seed folder $seeds" >&2
  exit 1
fi
out="$(cd "$(dirname "$binary")" && pwd)"
corpus="$out/corpus/$name"
artifacts="$out/artifacts/$name"
mkdir -p "$corpus" "$artifacts"
args=(-max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
      -artifact_prefix="$artifacts/")
if [[ -f "$here/dicts/$name.dict" ]]; then args+=(-dict="$here/dicts/$name.dict"); fi
exec "$binary" "${args[@]}" "$corpus" "$seeds"
