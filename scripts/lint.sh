#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Style checks, run by `make lint` and by `make test` (CTest label lint):
#   scripts/lint.sh format          clang-format 14 (Debian 12's) finds nothing to change
#   scripts/lint.sh tidy BUILD_DIR  clang-tidy 14 (.clang-tidy's checks, all as errors) on src/
# Both read the list of files from git, so generated and untracked files are left out.
set -euo pipefail
cd "$(dirname "$0")/.."

need_version() {  # the pinned major version: another one formats (and warns) differently
  local tool=$1
  if ! command -v "$tool" >/dev/null; then
    echo "lint: $tool is not installed (scripts/install-deps.sh test installs it)" >&2
    exit 1
  fi
  if ! "$tool" --version | grep -q 'version 14\.'; then
    echo "lint: $tool 14 is required (Debian 12's); found: $("$tool" --version | head -n1)" >&2
    exit 1
  fi
}

case "${1:-}" in
  format)
    need_version clang-format
    mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'tools/*.cpp')
    clang-format --dry-run -Werror "${files[@]}"
    echo "format: ${#files[@]} files formatted as .clang-format says"
    ;;
  tidy)
    build="${2:?usage: $0 tidy BUILD_DIR (a configured build with compile_commands.json)}"
    need_version clang-tidy
    [[ -f "$build/compile_commands.json" ]] || { echo "lint: no $build/compile_commands.json; configure the build first" >&2; exit 1; }
    mapfile -t files < <(git ls-files 'src/*.cpp')
    # GCC-only warning flags in the compile commands are not clang's business.
    printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet --warnings-as-errors='*' \
      --extra-arg=-Wno-unknown-warning-option 2> >(grep -v -E '^[0-9]+ warnings? generated|^Suppressed|^Use -header-filter' >&2)
    echo "tidy: ${#files[@]} files, no findings"
    ;;
  *)
    echo "usage: $0 format | tidy BUILD_DIR" >&2
    exit 2
    ;;
esac
