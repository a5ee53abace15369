#!/usr/bin/python3
"""Writes propagation_expected.csv: the tutorial's experiment (reference/seed_propagation.py) with the
activation swapped, run by numpy, with the statistics actlab propagate reports, forwards and
backwards. Run with Debian's python3-numpy: /usr/bin/python3 tests/data/make_propagation_expected.py"""
import os
import numpy as np

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# (value, derivative) with the catalogue's definitions and PyTorch's convention at kinks.
ACTS = {
    "selu": (lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0))),
             lambda x: SELU_SCALE * np.where(x > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(x, 0)))),
    "elu": (lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
            lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0)))),
    "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float)),
    "leaky_relu": (lambda x: np.where(x >= 0, x, 0.01 * x), lambda x: np.where(x > 0, 1.0, 0.01)),
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "sigmoid": (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))),
}

# (activation, seed, sigma_w2, depth)
RUNS = [("selu", 42, 1, 100), ("selu", 0, 1, 100), ("elu", 42, 1, 100), ("relu", 42, 1, 100),
        ("relu", 7, 2, 100), ("leaky_relu", 42, 1, 100), ("tanh", 42, 1, 100),
        ("tanh", 4294967295, 2, 100), ("sigmoid", 42, 1, 100)]
BATCH, WIDTH = 500, 100


def run(name, seed, sigma_w2, depth):
    f, df = ACTS[name]
    np.random.seed(seed)
    z = np.random.normal(size=(BATCH, WIDTH))
    hs, ws, rows = [], [], []
    for layer in range(depth):
        w = np.random.normal(size=(WIDTH, WIDTH), scale=np.sqrt(sigma_w2 / WIDTH))
        h = np.dot(z, w)
        z = f(h)
        hs.append(h)
        ws.append(w)
        means, stds = np.mean(z, axis=1), np.std(z, axis=1)
        rows.append([layer, means.min(), means.max(), stds.min(), stds.max(), np.mean(z), np.std(z),
                     np.mean(z == 0)])
    grad = np.random.normal(size=(BATCH, WIDTH))
    grads = [0.0] * depth
    for layer in reversed(range(depth)):
        grads[layer] = np.sqrt(np.mean(grad * grad))
        grad = np.dot(df(hs[layer]) * grad, ws[layer].T)
    return [[name, seed, sigma_w2] + row + [g] for row, g in zip(rows, grads)]


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "propagation_expected.csv"), "w") as out:
    out.write("activation,seed,sigma_w2,layer,mean_min,mean_max,std_min,std_max,mean,std,"
              "zero_fraction,grad_rms\n")
    for args in RUNS:
        for row in run(*args):
            out.write(",".join(v if isinstance(v, str) else repr(v) if isinstance(v, float)
                               else str(v) for v in row) + "\n")
