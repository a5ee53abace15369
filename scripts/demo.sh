#!/usr/bin/env bash
# The main job: shows the catalogue and a few evaluations. Later stages add the report.
set -euo pipefail
actlab=${1:-build/release/actlab}
"$actlab" list
echo
echo "\$ actlab eval selu -- -5 -1 -0.001 0 0.001 1 5"
"$actlab" eval selu -- -5 -1 -0.001 0 0.001 1 5
