#!/bin/sh
# Scale-out, measured: the same training grid run by one process and by mpirun at 1, 2 and 4 ranks
# (oversubscribed beyond the cores), with the wall time, speed-up and efficiency of each, the
# per-job seconds and the bytes each job sends to rank 0; then the cost of one block of the
# exhaustive sweep. Every run's results.json is compared with the single process's (timings
# aside). Writes OUT/scaleout.csv and prints a table. Example:
#
#   bench/scaleout_bench.sh build/release/actlab out/scaleout "1 2 4" [nosweep]
#
# The grid: 4 activations x 2 seeds, one epoch on 12,000 Fashion-MNIST images, one thread per rank
# (--threads 1 fixes how each step is split, so every run gives the same results).
set -eu
actlab=${1:-build/release/actlab}
out=${2:-out/scaleout}
ranks_list=${3:-"1 2 4"}
grid="--act relu --act elu --act selu --act tanh --seeds 0,1 --epochs 1 --limit 12000 --threads 1"
sweeps=${4:-sweep}
cores=$(nproc)
mpirun="mpirun --oversubscribe --allow-run-as-root"
mkdir -p "$out"
csv="$out/scaleout.csv"
echo "form,ranks,wall_seconds,speedup,efficiency_per_rank,efficiency_per_core,mean_job_seconds,result_bytes_per_job,identical" >"$csv"

now() { date +%s.%N; }
strip_timings() { grep -v 'seconds' "$1"; }

# run NAME RANKS COMMAND...: times one run of the grid into OUT/NAME.
run() {
  name=$1
  ranks=$2
  shift 2
  rm -rf "${out:?}/$name"
  echo "bench: $name: $(uptime)" >&2
  start=$(now)
  # shellcheck disable=SC2086
  "$@" $grid --out "$out/$name" >/dev/null 2>"$out/$name.err"
  end=$(now)
  wall=$(echo "$end - $start" | bc -l)
  [ -n "${single:-}" ] || single=$wall
  jobs=$(grep -c 'finished on' "$out/$name.err" || true)
  job_seconds=$(grep -o 'in [0-9.]* s$' "$out/$name.err" | awk '{s += $2; n++} END {if (n) printf "%.3f", s / n}')
  bytes=$(cat "$out/$name"/jobs/job-*.txt | wc -c)
  files=$(ls "$out/$name"/jobs/job-*.txt | wc -l)
  strip_timings "$out/$name/results.json" >"$out/$name.results"
  identical=yes
  cmp -s "$out/$name.results" "$out/single.results" || identical=no
  used=$ranks
  [ "$used" -le "$cores" ] || used=$cores
  echo "$name,$ranks,$wall,$single,$used,$jobs,$job_seconds,$bytes,$files,$identical" |
    awk -F, '{printf "%s,%d,%.2f,%.2f,%.2f,%.2f,%s,%d,%s\n", $1, $2, $3, $4 / $3, $4 / ($2 * $3), $4 / ($5 * $3), $7, $8 / $9, $10}' >>"$csv"
}

run single 1 "$actlab" train
for ranks in $ranks_list; do
  run "mpirun-$ranks" "$ranks" $mpirun -np "$ranks" "$actlab" train
done

column -s, -t "$csv"
[ "$sweeps" = sweep ] || exit 0

# One block of 2^26 bit patterns of the exhaustive sweep, one thread, in four places of the range.
sweep="$out/sweep.csv"
echo "activation,direction,first_pattern,seconds" >"$sweep"
for act in tanh gelu; do
  for direction in fwd bwd; do
    for first in 0 1073741824 2147483648 3221225472; do
      start=$(now)
      "$actlab" accuracy --act "$act" --direction "$direction" --exhaustive --threads 1 \
        --first-pattern "$first" --pattern-count 67108864 >/dev/null
      end=$(now)
      echo "$act,$direction,$first,$(echo "$end - $start" | bc -l)" >>"$sweep"
    done
  done
done

echo
column -s, -t "$sweep"
