#!/usr/bin/env python3
"""Prints the tables of docs/propagation.md: for each activation and init, the simulation after
100 layers (actlab propagate, seeds given) beside the mean-field prediction (actlab theory).
Usage: scripts/propagation_summary.py build/release/actlab [seed ...]"""
import csv
import io
import statistics
import subprocess
import sys

ACTS = ["selu", "elu", "relu", "tanh", "sigmoid", "leaky_relu"]
actlab = sys.argv[1]
seeds = sys.argv[2:] or ["42"]


def run(*args):
    out = subprocess.run([actlab, *args], check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def g(x):
    return f"{float(x):.3g}"


for init in ["lecun", "he"]:
    acts = sum((["--act", a] for a in ACTS), [])
    theory = {r["activation"]: r for r in run("theory", *acts, "--init", init, "--format", "csv")}
    layers = {}
    for r in run("theory", *acts, "--init", init, "--per-layer", "--format", "csv"):
        layers.setdefault(r["activation"], []).append(r)
    sims = {}
    for seed in seeds:
        for r in run("propagate", *acts, "--init", init, "--seed", seed, "--format", "csv"):
            sims.setdefault(r["activation"], {}).setdefault(seed, []).append(r)
    print(f"\n### init {init}, seed{'s' if len(seeds) > 1 else ''} {', '.join(seeds)}\n")
    print("| activation | layer 99: std (min..max over samples) | theory std | mean | zero share "
          "| grad_rms layer 0 | theory grad_rms | mean-field fate |")
    print("|---|---|---|---|---|---|---|---|")
    for act in ACTS:
        last = [sims[act][s][-1] for s in seeds]
        first = [sims[act][s][0] for s in seeds]
        std = statistics.median(float(r["std"]) for r in last)
        spread = f"{g(min(float(r['std']) for r in last))}..{g(max(float(r['std']) for r in last))}" \
            if len(seeds) > 1 else f"{g(last[0]['std_min'])}..{g(last[0]['std_max'])}"
        grad = statistics.median(float(r["grad_rms"]) for r in first)
        t = theory[act]
        print(f"| {act} | {g(std)} ({spread}) | {g(layers[act][-1]['std'])} | "
              f"{g(statistics.median(float(r['mean']) for r in last))} | "
              f"{g(statistics.median(float(r['zero_fraction']) for r in last))} | {g(grad)} | "
              f"{g(layers[act][0]['grad_rms'])} | {t['status']}; chi_1 = {g(t['chi_1'])} |")
