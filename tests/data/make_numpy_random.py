#!/usr/bin/python3
"""Writes numpy_random.json: draws of numpy's legacy RandomState that NumpyRandom must reproduce bit
for bit. Run with Debian's python3-numpy: /usr/bin/python3 tests/data/make_numpy_random.py.
Doubles are written with float.hex() so that nothing is lost to decimal conversion."""
import json
import os
import numpy as np

SEEDS = [0, 1, 42, 12345, 2**31, 2**32 - 1]


def hexes(values):
    return [float(v).hex() for v in np.asarray(values, dtype=np.float64).ravel()]


cases = []
for seed in SEEDS:
    rs = np.random.RandomState(seed)
    case = {"seed": seed}
    rs = np.random.RandomState(seed)
    case["random_sample"] = hexes(rs.random_sample(7))
    # Odd counts: each call ends with a cached second value that the next call must use first.
    rs = np.random.RandomState(seed)
    first = rs.standard_normal(5)
    second = rs.standard_normal(4)
    third = rs.normal(loc=0.5, scale=2.0, size=(3, 3))
    rs.seed(seed)  # seeding drops the cached value
    after_reseed = rs.standard_normal(3)
    case["standard_normal_5_then_4"] = hexes(np.concatenate([first, second]))
    case["normal_loc0.5_scale2_3x3"] = hexes(third)
    case["standard_normal_after_reseed"] = hexes(after_reseed)
    rs = np.random.RandomState(seed)
    case["normal_scale_sqrt_0.01_1000"] = hexes(rs.normal(size=(10, 100), scale=np.sqrt(1 / 100)))
    rs = np.random.RandomState(seed)
    rs.standard_normal(1)  # leaves a cached normal; uniform draws must not disturb it
    case["uniform_-2_3_6"] = hexes(rs.uniform(-2, 3, size=6))
    case["standard_normal_after_uniform"] = hexes(rs.standard_normal(2))
    rs = np.random.RandomState(seed)
    case["permutation_10"] = [int(v) for v in rs.permutation(10)]
    case["permutation_1000_head"] = [int(v) for v in rs.permutation(1000)[:20]]
    case["randint_-5_17_10"] = [int(v) for v in rs.randint(-5, 17, size=10)]
    case["random_sample_after"] = hexes(rs.random_sample(2))
    cases.append(case)

# Raw MT19937 outputs for seed 5489 (the reference implementation's default) through the
# 32-bit path of randint with the full range.
rs = np.random.RandomState(5489)
raw = [int(v) for v in rs.randint(0, 2**32, size=10, dtype=np.uint64)]

out = {"generator": "numpy " + np.__version__ + " legacy RandomState",
       "mt19937_seed_5489_uint32": raw, "cases": cases}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_random.json"), "w") as f:
    json.dump(out, f, indent=1)
