#!/usr/bin/env python3
"""Merges metrics.csv files of several `actlab train --out` runs into one summary table.

Per activation: best-epoch validation accuracy and last-epoch test accuracy, mean +- sample std
over its runs, and the mean training seconds per epoch (the same definitions as `actlab train`'s
own table). Example: python3 bench/summarise_metrics.py out/train-seed0 out/train-seed12
"""
import csv
import statistics
import sys
from collections import defaultdict


def main():
    runs = defaultdict(list)  # (activation, seed, fold) -> rows
    for directory in sys.argv[1:]:
        with open(f"{directory}/metrics.csv") as f:
            for row in csv.DictReader(f):
                runs[(row["activation"], row["seed"], row["fold"])].append(row)
    table = defaultdict(lambda: {"val": [], "test": [], "seconds": []})
    for (act, _, _), rows in runs.items():
        rows.sort(key=lambda r: int(r["epoch"]))
        table[act]["val"].append(max(float(r["val_accuracy"]) for r in rows))
        table[act]["test"].append(float(rows[-1]["test_accuracy"]))
        table[act]["seconds"] += [float(r["seconds"]) for r in rows]
    std = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
    print("| rank | activation | runs | validation, best epoch (%) | test, last epoch (%) | s/epoch |")
    print("|---|---|---|---|---|---|")
    ranked = sorted(table.items(), key=lambda kv: -statistics.mean(kv[1]["val"]))
    for rank, (act, t) in enumerate(ranked, 1):
        print(f"| {rank} | {act} | {len(t['val'])} | {statistics.mean(t['val']):.2f} ± {std(t['val']):.2f} "
              f"| {statistics.mean(t['test']):.2f} ± {std(t['test']):.2f} "
              f"| {statistics.mean(t['seconds']):.2f} |")


if __name__ == "__main__":
    main()
