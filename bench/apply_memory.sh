#!/usr/bin/env bash
# The memory bound of `actlab apply`: a float32 .npy of SIZE_GIB GiB (default 4) goes through
# forward and backward, and the peak resident memory of each run (GNU time's "Maximum resident set
# size") must stay within LIMIT_MIB MiB (default 512). The input is a sparse file of zeros; the
# output is written for real, so the folder needs 2 x SIZE_GIB GiB free.
# Usage: bench/apply_memory.sh [ACTLAB] [FOLDER]
set -euo pipefail
actlab=${1:-build/release/actlab}
folder=${2:-$(mktemp -d)}
size_gib=${SIZE_GIB:-4}
limit_mib=${LIMIT_MIB:-512}
mkdir -p "$folder"
trap 'rm -f "$folder"/x.npy "$folder"/dy.npy "$folder"/y.npy "$folder"/dx.npy' EXIT

count=$(( size_gib * 1024 * 1024 * 1024 / 4 ))
# A version 1.0 header for '<f4' of shape (count,), padded to 128 bytes, then count*4 zero bytes.
dict="{'descr': '<f4', 'fortran_order': False, 'shape': (${count},), }"
pad=$(( 128 - 10 - ${#dict} - 1 ))
{ printf '\x93NUMPY\x01\x00\x76\x00'; printf '%s%*s\n' "$dict" "$pad" ''; } > "$folder/x.npy"
truncate -s $(( 128 + count * 4 )) "$folder/x.npy"
cp --sparse=always "$folder/x.npy" "$folder/dy.npy"

status=0
run() {
  local label=$1; shift
  local log; log=$(mktemp)
  local start; start=$(date +%s.%N)
  /usr/bin/time -v "$actlab" "$@" 2> "$log"
  local end; end=$(date +%s.%N)
  local kib; kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  local mib=$(( kib / 1024 ))
  local verdict=ok
  [ "$mib" -le "$limit_mib" ] || { verdict="OVER ${limit_mib} MiB"; status=1; }
  printf '%-9s %3d GiB float32: peak %4d MiB (%s), %.1f s\n' "$label" "$size_gib" "$mib" "$verdict" \
    "$(echo "$end - $start" | bc)"
}
run forward apply gelu --in "$folder/x.npy" --out "$folder/y.npy"
run backward apply elu --in "$folder/x.npy" --backward --grad "$folder/dy.npy" --out "$folder/dx.npy"
exit $status
