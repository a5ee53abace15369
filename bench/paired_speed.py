#!/usr/bin/python3
"""Whole-program speed, actlab beside its rivals at their best, in alternating pairs.

Three rows, each timed as a user would see it, the two sides run one after the other in every pair
so that both see the same machine load:

  start-up   `actlab list` (whole process; no rival: the target is an absolute one)
  propagate  `actlab propagate --act selu` against the tutorial's numpy script
             (bench/tutorial_propagation.py), whole process; both outputs must be identical
  train      seconds of one training epoch (the training loop, as both report it) of
             `actlab train` against bench/train_pytorch.py, default protocol, --threads 2

The rivals run with OpenBLAS (Debian's libopenblas0-pthread) first on LD_LIBRARY_PATH and with
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from their environment, so that OpenBLAS picks its
native kernels; the script checks that numpy and torch resolve libblas.so.3 to OpenBLAS and stops
otherwise. It installs nothing. actlab runs with the environment as it is.

Prints, per row, the median and the spread (min..max) of each side, and actlab's time over the
rival's (ratio of the medians, and its range over the pairs). Example (about 4 minutes):

  /usr/bin/python3 bench/paired_speed.py build/release/actlab --pairs 10
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
PYTHON = "/usr/bin/python3"


def rival_environment(threads=None):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["LD_LIBRARY_PATH"] = OPENBLAS + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    if threads:
        env.update(OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
                   OMP_WAIT_POLICY="PASSIVE")
    return env


def check_openblas():
    """Stops unless numpy's and torch's libblas.so.3 resolve to OpenBLAS under the rivals' environment."""
    probe = ("import numpy, torch, sys\n"
             "numpy.dot(numpy.ones((64, 64)), numpy.ones((64, 64)))\n"
             "torch.mm(torch.ones(64, 64), torch.ones(64, 64))\n"
             "maps = open('/proc/self/maps').read()\n"
             "print('openblas' if 'openblas' in maps else 'other')\n"
             "print('\\n'.join(sorted({l.split()[-1] for l in maps.splitlines() if 'blas' in l})))\n")
    if not os.path.exists(os.path.join(OPENBLAS, "libblas.so.3")):
        sys.exit(f"paired_speed: {OPENBLAS}/libblas.so.3 is missing: "
                 "apt-get install libopenblas0-pthread")
    out = subprocess.run([PYTHON, "-c", probe], env=rival_environment(), capture_output=True,
                         text=True, check=True).stdout.split("\n")
    if out[0] != "openblas":
        sys.exit("paired_speed: the rivals do not load OpenBLAS; loaded: " + " ".join(out[1:]))
    return [line for line in out[1:] if line]


def wall(command, env=None, expect=None):
    start = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"paired_speed: {' '.join(command)} exited with {result.returncode}")
    if expect is not None and result.stdout != expect:
        sys.exit(f"paired_speed: {' '.join(command)} printed other output than its rival")
    return seconds, result.stdout


def epoch_seconds(lines):
    rows = list(csv.DictReader(lines))
    return [float(row["seconds"]) for row in rows]


def summary(name, ours, theirs, unit, scale):
    """One line: each side's median (min..max), and actlab's time over the rival's, median of
    medians and the range over the pairs (below 1: actlab is faster; 0.1 is ten times as fast)."""
    line = (f"{name:<20} actlab {statistics.median(ours) * scale:7.3f} {unit} "
            f"({min(ours) * scale:.3f}..{max(ours) * scale:.3f})")
    if theirs:
        ratio = statistics.median(ours) / statistics.median(theirs)
        pairs = [o / t for o, t in zip(ours, theirs)]
        line += (f"  rival {statistics.median(theirs) * scale:7.3f} {unit} "
                 f"({min(theirs) * scale:.3f}..{max(theirs) * scale:.3f})  actlab/rival "
                 f"{ratio:.3f} (pairs {min(pairs):.3f}..{max(pairs):.3f}; {1 / ratio:.1f}x as fast)")
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("actlab", help="the actlab program (build/release/actlab)")
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--acts", default="selu,relu", help="activations of the training row")
    parser.add_argument("--rows", default="startup,propagate,train")
    args = parser.parse_args()
    if args.pairs < 1:
        sys.exit("paired_speed: --pairs must be at least 1")
    rows = args.rows.split(",")
    blas = check_openblas()
    print(f"rivals' BLAS: {', '.join(blas)}; machine: {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.2f} at the start; {args.pairs} pairs", flush=True)

    if "startup" in rows:
        starts = []
        for _ in range(args.pairs):
            runs = [wall([args.actlab, "list"])[0] for _ in range(20)]
            starts.append(statistics.median(runs))
        summary("start-up (list)", starts, [], "ms", 1e3)

    if "propagate" in rows:
        ours, theirs = [], []
        reference = None
        for _ in range(args.pairs):
            seconds, reference = wall([args.actlab, "propagate", "--act", "selu"], expect=reference)
            ours.append(seconds)
            seconds, _ = wall([PYTHON, os.path.join(HERE, "tutorial_propagation.py")],
                              env=rival_environment(), expect=reference)
            theirs.append(seconds)
        summary("propagate selu", ours, theirs, "s", 1)

    if "train" in rows:
        with tempfile.TemporaryDirectory() as folder:
            for act in args.acts.split(","):
                ours, theirs = [], []
                for pair in range(args.pairs):
                    out = os.path.join(folder, f"{act}-{pair}")
                    wall([args.actlab, "train", "--act", act, "--seeds", "0", "--epochs", "1",
                          "--threads", "2", "--quiet", "--out", out])
                    with open(os.path.join(out, "metrics.csv")) as f:
                        ours += epoch_seconds(f)
                    _, printed = wall([PYTHON, os.path.join(HERE, "train_pytorch.py"), "--act", act,
                                       "--seeds", "0", "--epochs", "1", "--threads", "2"],
                                      env=rival_environment(threads=2))
                    theirs += epoch_seconds(printed.splitlines())
                summary(f"train epoch {act}", ours, theirs, "s", 1)


if __name__ == "__main__":
    main()
