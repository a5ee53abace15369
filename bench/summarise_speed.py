#!/usr/bin/env python3
"""Summarises bench/compare_train_speed.sh's speed.csv: seconds per training epoch, best and median,
per tool, activation and thread count, and actlab's share of PyTorch's time.

Example: python3 bench/summarise_speed.py out/speed/speed.csv
"""
import csv
import statistics
import sys
from collections import defaultdict


def main():
    seconds = defaultdict(list)  # (activation, threads, tool) -> seconds of every epoch
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f):
            seconds[(row["activation"], int(row["threads"]), row["tool"])].append(
                float(row["seconds"]))
    print("| activation | threads | epochs (actlab / PyTorch) | actlab best | actlab median "
          "| PyTorch best | PyTorch median | actlab / PyTorch (median) |")
    print("|---|---|---|---|---|---|---|---|")
    keys = sorted({(a, t) for a, t, _ in seconds}, key=lambda k: (-k[1], k[0]))
    for act, threads in keys:
        a = seconds.get((act, threads, "actlab"), [])
        p = seconds.get((act, threads, "pytorch"), [])
        if not a or not p:
            continue
        ratio = statistics.median(a) / statistics.median(p)
        print(f"| {act} | {threads} | {len(a)} / {len(p)} | {min(a):.2f} | {statistics.median(a):.2f} "
              f"| {min(p):.2f} | {statistics.median(p):.2f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
