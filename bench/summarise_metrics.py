#!/usr/bin/env python3
"""Merges metrics.csv files of several `actlab train --out` runs (or CSV files printed by
bench/train_pytorch.py, which share the header) into one summary table.

Per activation: best-epoch validation accuracy and last-epoch test accuracy, mean +- sample std
over its runs, the mean test accuracy of the last three epochs (how much the last epoch's value
owes to the epoch it happens to stop at), and the median training seconds per epoch. With
--per-run, one line per run instead. Examples:

  python3 bench/summarise_metrics.py out/train
  python3 bench/summarise_metrics.py --by-source out/train out/pytorch.csv
  python3 bench/summarise_metrics.py --per-run out/train out/pytorch.csv
"""
import argparse
import csv
import os
import statistics
from collections import defaultdict


def read_runs(paths):
    runs = defaultdict(list)  # (source, activation, seed, fold) -> rows
    for path in paths:
        name = os.path.join(path, "metrics.csv") if os.path.isdir(path) else path
        source = os.path.basename(os.path.normpath(path))
        with open(name) as f:
            for row in csv.DictReader(f):
                runs[(source, row["activation"], row["seed"], row["fold"])].append(row)
    for rows in runs.values():
        rows.sort(key=lambda r: int(r["epoch"]))
    return runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-run", action="store_true")
    parser.add_argument("--by-source", action="store_true",
                        help="one row per activation and input path (default: paths merged)")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    runs = read_runs(args.paths)
    std = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
    if args.per_run:
        print("| source | activation | seed | fold | best validation (%) | test, last 3 epochs (%) |")
        print("|---|---|---|---|---|---|")
        for (source, act, seed, fold), rows in runs.items():
            last = ", ".join(f"{float(r['test_accuracy']):.2f}" for r in rows[-3:])
            best = max(float(r["val_accuracy"]) for r in rows)
            print(f"| {source} | {act} | {seed} | {fold} | {best:.2f} | {last} |")
        return
    table = defaultdict(lambda: {"val": [], "test": [], "test3": [], "seconds": []})
    for (source, act, _, _), rows in runs.items():
        t = table[(source, act)] if args.by_source else table[act]
        t["val"].append(max(float(r["val_accuracy"]) for r in rows))
        t["test"].append(float(rows[-1]["test_accuracy"]))
        t["test3"].append(statistics.mean(float(r["test_accuracy"]) for r in rows[-3:]))
        t["seconds"] += [float(r["seconds"]) for r in rows]
    print("| rank | activation | runs | validation, best epoch (%) | test, last epoch (%) "
          "| test, mean of last 3 epochs (%) | s/epoch (median) |")
    print("|---|---|---|---|---|---|---|")
    ranked = sorted(table.items(), key=lambda kv: -statistics.mean(kv[1]["val"]))
    for rank, (key, t) in enumerate(ranked, 1):
        act = key if isinstance(key, str) else f"{key[1]} ({key[0]})"
        print(f"| {rank} | {act} | {len(t['val'])} "
              f"| {statistics.mean(t['val']):.2f} ± {std(t['val']):.2f} "
              f"| {statistics.mean(t['test']):.2f} ± {std(t['test']):.2f} "
              f"| {statistics.mean(t['test3']):.2f} ± {std(t['test3']):.2f} "
              f"| {statistics.median(t['seconds']):.2f} |")


if __name__ == "__main__":
    main()
