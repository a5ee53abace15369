#!/usr/bin/env python3
"""Per-layer gradient norms of the first epoch from an `actlab train --out DIR` results.json.

For each activation: the Frobenius norm of dL/dW of every STEP-th Dense layer from the input side
and of the output layer (results.json's gradient_norm_first_epoch: mean over the first epoch's
steps), each the geometric mean over the activation's runs, and the ratio first layer / output
layer. Example: python3 bench/gradient_norms.py out/deep/results.json --step 3
"""
import argparse
import json
import math
from collections import defaultdict


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--step", type=int, default=3)
    args = parser.parse_args()
    with open(args.results) as f:
        runs = json.load(f)["runs"]
    norms = defaultdict(list)
    init = {}
    for run in runs:
        norms[run["activation"]].append(run["gradient_norm_first_epoch"])
        init[run["activation"]] = run["init"]
    count = len(next(iter(norms.values()))[0])
    shown = list(range(0, count - 1, args.step)) + [count - 1]
    header = [f"layer {i + 1}" if i < count - 1 else "output" for i in shown]
    print("| activation | init | runs | " + " | ".join(header) + " | layer 1 / output |")
    print("|---|---|---|" + "---|" * len(header) + "---|")
    for act, lists in norms.items():
        geo = [math.exp(sum(math.log(max(v[i], 1e-300)) for v in lists) / len(lists))
               for i in range(count)]
        cells = " | ".join(f"{geo[i]:.2g}" for i in shown)
        print(f"| {act} | {init[act]} | {len(lists)} | {cells} | {geo[0] / geo[-1]:.2g} |")


if __name__ == "__main__":
    main()
