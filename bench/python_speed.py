#!/usr/bin/env python3
"""Speed of the Python package, from one interleaved run: every variant is sampled in turn, round
after round, so that all of them see the same machine state; each figure is the best of the
rounds (the median beside it).

  1. per-call overhead of actlab.forward on a 1-element array;
  2. actlab.forward on 256Ki float32 elements against the C++ kernel itself (timed in C++ in this
     process on the same arrays: actlab._actlab._kernel_seconds);
  3. actlab.torch's SiLU, GELU, Mish, ELU and SELU, forward + backward on a 256Ki float32 tensor,
     against torch.nn's modules, with 1 thread on both sides, then with 2.

Run with PYTHONPATH=build/release/python (or an installed actlab):
  /usr/bin/python3 bench/python_speed.py [--rounds 7] [--size 262144]
"""
import argparse
import statistics
import time

import numpy as np

import actlab
from actlab import _actlab


def sample(fn, min_seconds):
    """Seconds per call of fn(), over a loop that lasts at least min_seconds."""
    fn()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return elapsed / calls


def interleaved(variants, rounds, min_seconds):
    """{name: [seconds per call, one per round]}, sampling the variants in turn."""
    times = {name: [] for name in variants}
    for _ in range(rounds):
        for name, fn in variants.items():
            times[name].append(fn(min_seconds) if getattr(fn, "self_timed", False) else sample(fn, min_seconds))
    return times


def best(times):
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--size", type=int, default=256 * 1024)
    parser.add_argument("--min-seconds", type=float, default=0.02, help="length of one sample")
    args = parser.parse_args()

    import torch
    import actlab.torch as at

    n = args.size
    rng = np.random.default_rng(0)
    one = np.array([0.5], dtype=np.float32)
    one_out = np.empty_like(one)
    x = rng.normal(0, 3, n).astype(np.float32)
    y = np.empty_like(x)

    variants = {
        "forward 1 element": lambda: actlab.forward("selu", one),
        "forward 1 element, out=": lambda: actlab.forward("selu", one, out=one_out),
        "forward 256Ki, out= (Python)": lambda: actlab.forward("selu", x, out=y),
        "forward 256Ki (Python, new array)": lambda: actlab.forward("selu", x),
    }

    def kernel(min_seconds):
        return _actlab._kernel_seconds("selu", x, repetitions=1, min_seconds=min_seconds)

    kernel.self_timed = True
    variants["forward 256Ki (C++ kernel)"] = kernel

    tx = torch.from_numpy(rng.normal(0, 3, n).astype(np.float32)).requires_grad_()
    tdy = torch.from_numpy(rng.normal(0, 1, n).astype(np.float32))
    names = ["SiLU", "GELU", "Mish", "ELU", "SELU"]
    modules = {name: (getattr(at, name)(), getattr(torch.nn, name)()) for name in names}

    def step(module):
        def run():
            out = module(tx)
            torch.autograd.grad(out, tx, tdy)
        return run

    results = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        actlab.set_num_threads(threads)
        runs = dict(variants) if threads == 1 else {}
        for name, (ours, theirs) in modules.items():
            runs[f"{name} actlab"] = step(ours)
            runs[f"{name} torch"] = step(theirs)
        results[threads] = interleaved(runs, args.rounds, args.min_seconds)

    one_thread = results[1]
    us = lambda s: f"{s * 1e6:9.2f} us"
    print(f"actlab {actlab.__version__}, kernels {actlab.kernel_target()}, torch {torch.__version__}; "
          f"{args.rounds} interleaved rounds, best (median)")
    print("\n1. Per-call overhead (target < 2 us)")
    for name in ("forward 1 element", "forward 1 element, out="):
        t = one_thread[name]
        print(f"  {name:34s} {us(best(t))} ({us(statistics.median(t)).strip()})")
    print(f"\n2. {n} float32 elements, selu forward, 1 thread (target: Python >= 0.9x the kernel)")
    k = best(one_thread["forward 256Ki (C++ kernel)"])
    for name in ("forward 256Ki (C++ kernel)", "forward 256Ki, out= (Python)", "forward 256Ki (Python, new array)"):
        t = one_thread[name]
        print(f"  {name:34s} {us(best(t))} ({us(statistics.median(t)).strip()})  {k / best(t):5.2f}x the kernel's speed")
    for threads, times in results.items():
        print(f"\n3. forward + backward on {n} float32 elements, {threads} thread(s) each (target >= 1.5x torch.nn)")
        for name in names:
            a, b = times[f"{name} actlab"], times[f"{name} torch"]
            print(f"  {name:5s} actlab {us(best(a))} ({us(statistics.median(a)).strip()})   "
                  f"torch {us(best(b))} ({us(statistics.median(b)).strip()})   {best(b) / best(a):5.2f}x")


if __name__ == "__main__":
    main()
