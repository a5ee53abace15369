#!/usr/bin/env bash
# The main job: writes the report (every figure and measurement on one self-contained page) and
# says where it is.
set -euo pipefail
actlab=${1:-build/release/actlab}
out=${2:-out/report.html}
start=$(date +%s)
page=$("$actlab" report --quick -o "$out")
echo
echo "actlab report written in $(( $(date +%s) - start )) s. Open it in a browser:"
echo "  $page"
