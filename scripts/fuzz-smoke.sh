#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build/fuzz and runs each one for FUZZ_SECONDS (default
# 20; `FUZZ_SECONDS=3600 scripts/fuzz-smoke.sh` for a long run) from its committed seed corpus
# (fuzz/corpus/<target>). Inputs the run finds go to
# build/fuzz/corpus/<target>; a crash leaves its input in build/fuzz/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
jobs=${JOBS:-$(nproc)}

cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DACTLAB_BUILD_FUZZ=ON -DACTLAB_BUILD_TESTS=OFF -DACTLAB_BUILD_BENCH=OFF -DACTLAB_INSTALL=OFF \
  >/dev/null
cmake --build build/fuzz -j "$jobs" --target npy_fuzz spec_fuzz number_fuzz idx_fuzz results_fuzz

for target in npy spec number idx results; do
  found=build/fuzz/corpus/$target
  mkdir -p "$found"
  echo "fuzz-smoke: ${target}_fuzz for ${seconds} s" >&2
  # The first folder receives new inputs; the committed seeds stay untouched.
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
  ./build/fuzz/fuzz/${target}_fuzz -max_total_time="$seconds" "${dict[@]}" \
    -artifact_prefix=build/fuzz/${target}- -print_final_stats=1 "$found" "fuzz/corpus/$target"
done
