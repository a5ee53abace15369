"""Where torch.nn's activations (torch 1.13, CPU) are more than TOLERANCE_ULP from the exact value,
as measured by test_torch_accuracy.py against actlab's double-precision reference
(Activation.value / derivative). docs/python.md lists the same in words.

Keys: (module name, keyword arguments as a tuple of pairs, dtype name, "forward" or "backward").
Values: the open intervals of x that hold every inexact result, each holding at least one.
"""
import math

INF = math.inf
TOLERANCE_ULP = 8
SUBNORMAL_F32 = (-104.0, -87.0)  # float32 sigmoid(x) is subnormal there

REGIONS = {
    # sigmoid' as y (1 - y): cancels for x > 3, exactly 0 from x = 16.7 (float32) / 36.7 (float64).
    ("Sigmoid", (), "float32", "forward"): [SUBNORMAL_F32],
    ("Sigmoid", (), "float32", "backward"): [SUBNORMAL_F32, (2.9, INF)],
    ("Sigmoid", (), "float64", "backward"): [(2.9, INF)],
    # tanh' as 1 - y^2: cancels for |x| > 3, exactly 0 from |x| = 9 (float32) / 19 (float64).
    ("Tanh", (), "float32", "backward"): [(-INF, -2.9), (2.9, INF)],
    ("Tanh", (), "float64", "backward"): [(-INF, -2.9), (2.9, INF)],
    # exp(x) - 1 instead of expm1(x) near 0-: elu(-1e-8) = 0.
    ("ELU", (("alpha", 0.5),), "float32", "forward"): [(-0.06, 0.0)],
    ("ELU", (("alpha", 0.5),), "float64", "forward"): [(-0.04, 0.0)],
    ("SELU", (), "float32", "forward"): [(-0.05, 0.0)],
    ("SELU", (), "float64", "forward"): [(-0.05, 0.0)],
    ("CELU", (("alpha", 2.0),), "float32", "forward"): [(-0.12, 0.0)],
    ("CELU", (("alpha", 2.0),), "float64", "forward"): [(-0.08, 0.0)],
    # x Phi(x) with Phi from 1 + erf: cancels in the negative tail, 0 for x < -5.6 (float32).
    ("GELU", (), "float32", "forward"): [(-INF, -1.1)],
    ("GELU", (), "float32", "backward"): [(-INF, -0.3)],
    ("GELU", (), "float64", "forward"): [(-INF, -1.8)],
    ("GELU", (), "float64", "backward"): [(-INF, -2.9)],
    # The tanh form cancels in the negative tail; its derivative is NaN for large |x|.
    ("GELU", (("approximate", "tanh"),), "float32", "forward"): [(-INF, -1.8)],
    ("GELU", (("approximate", "tanh"),), "float32", "backward"): [(-INF, -2.7), (5.0, INF)],
    ("GELU", (("approximate", "tanh"),), "float64", "forward"): [(-INF, -1.8)],
    ("GELU", (("approximate", "tanh"),), "float64", "backward"): [(-INF, -2.7), (6.0, INF)],
    # Subnormal results flushed or rounded coarsely; derivative off by up to 18 ulp for large x.
    ("SiLU", (), "float32", "forward"): [SUBNORMAL_F32],
    ("SiLU", (), "float32", "backward"): [SUBNORMAL_F32, (8.0, 30.0)],
    ("SiLU", (), "float64", "backward"): [(11.0, 26.0)],
    ("Mish", (), "float32", "forward"): [SUBNORMAL_F32],
    ("Mish", (), "float32", "backward"): [SUBNORMAL_F32, (8.0, 30.0)],
    ("Mish", (), "float64", "backward"): [(11.0, 26.0)],
    # The slope 1/6 in float precision in float64 too (relative error 3e-8).
    ("Hardsigmoid", (), "float64", "backward"): [(-3.0, 3.0)],
    # hardswish'(3) is 1 in torch's vectorised loop and 3/2 in its scalar tail: it depends on
    # where the element sits in the tensor.
    ("Hardswish", (), "float32", "backward"): [(2.99, 3.01)],
    ("Hardswish", (), "float64", "backward"): [(2.99, 3.01)],
    # softsign' through autograd of x / (1 + |x|): cancels for |x| > 4.6.
    ("Softsign", (), "float32", "backward"): [(-INF, -4.6), (4.6, INF)],
    ("Softsign", (), "float64", "backward"): [(-INF, -4.6), (4.6, INF)],
}


def key(name, kwargs, dtype_name, direction):
    return (name, tuple(sorted(kwargs.items())), dtype_name, direction)


def inside(x, intervals):
    """Whether each x lies in one of the open intervals."""
    import numpy as np

    mask = np.zeros(np.shape(x), dtype=bool)
    for lo, hi in intervals:
        mask |= (x > lo) & (x < hi)
    return mask
