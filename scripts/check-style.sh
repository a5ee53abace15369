#!/usr/bin/env bash
# Fails on a formatting difference (clang-format, .clang-format) and on a finding of the clang-tidy
# checks chosen in .clang-tidy. Usage: scripts/check-style.sh [BUILD_DIR] (default build/release,
# which must have been configured: it holds compile_commands.json).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}

mapfile -t sources < <(git ls-files '*.h' '*.cc' '*.inc')
echo "check-style: clang-format on ${#sources[@]} files" >&2
clang-format --dry-run -Werror "${sources[@]}"

# clang-tidy reads every file the library and the program compile, except the files compiled once
# per instruction set (Highway's foreach_target re-includes them; their per-target namespaces are
# checked by the compilers' warnings instead).
mapfile -t tidy < <(git ls-files 'src/*.cc' 'tools/*.cc' | grep -v -e '^src/kernels/dispatch.cc$' \
                    -e '^src/linalg/gemm_')
echo "check-style: clang-tidy on ${#tidy[@]} files" >&2
run-clang-tidy -quiet -p "$build" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option \
  "${tidy[@]/#/$PWD/}" > "$build/clang-tidy.log" 2>&1 || {
  grep -E "(warning|error):" "$build/clang-tidy.log" | sort -u >&2
  echo "check-style: clang-tidy found the above (log: $build/clang-tidy.log)" >&2
  exit 1
}
echo "check-style: clean" >&2
