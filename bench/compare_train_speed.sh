#!/bin/sh
# Seconds per training epoch, actlab beside PyTorch, interleaved so that both see the same machine
# load. Each round runs, for each activation and thread count, one actlab run and one PyTorch run of
# the default protocol (seed 0, EPOCHS epochs) and appends their per-epoch training-loop seconds to
# OUT/speed.csv (tool,activation,threads,round,epoch,seconds), with `uptime` before each run in
# OUT/load.txt. Needs Debian's python3-torch and an optimised BLAS under it: python3-torch calls
# whatever libblas.so.3 the system's alternative points to, and the default one (netlib's reference
# BLAS) made PyTorch 10-25x slower here. The script puts OpenBLAS (libopenblas0-pthread) first on
# LD_LIBRARY_PATH when it is installed, without changing the system's alternative. Example:
#
#   bench/compare_train_speed.sh build/release/actlab out/speed "relu elu tanh" "2 1" 3 3
#   python3 bench/summarise_speed.py out/speed/speed.csv
set -eu
actlab=${1:-build/release/actlab}
out=${2:-out/speed}
acts=${3:-"relu elu tanh"}
threads_list=${4:-"2 1"}
rounds=${5:-3}
epochs=${6:-3}
here=$(dirname "$0")
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ -e "$openblas/libblas.so.3" ]; then
  export LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  echo "warning: $openblas/libblas.so.3 missing (apt-get install libopenblas0-pthread):" \
    "PyTorch will use the system's libblas.so.3" >&2
fi
mkdir -p "$out"
csv="$out/speed.csv"
[ -f "$csv" ] || echo "tool,activation,threads,round,epoch,seconds" >"$csv"
round=1
while [ "$round" -le "$rounds" ]; do
  for act in $acts; do
    for threads in $threads_list; do
      echo "round $round $act threads $threads actlab: $(uptime)" >>"$out/load.txt"
      "$actlab" train --act "$act" --seeds 0 --epochs "$epochs" --threads "$threads" \
        --out "$out/actlab-$act-$threads-$round" >/dev/null 2>&1
      tail -n +2 "$out/actlab-$act-$threads-$round/metrics.csv" |
        awk -F, -v a="$act" -v t="$threads" -v r="$round" '{print "actlab," a "," t "," r "," $4 "," $9}' >>"$csv"
      echo "round $round $act threads $threads pytorch: $(uptime)" >>"$out/load.txt"
      OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
        /usr/bin/python3 "$here/train_pytorch.py" --act "$act" --seeds 0 --epochs "$epochs" \
        --threads "$threads" 2>/dev/null |
        tail -n +2 |
        awk -F, -v a="$act" -v t="$threads" -v r="$round" '{print "pytorch," a "," t "," r "," $4 "," $9}' >>"$csv"
    done
  done
  round=$((round + 1))
done
