"""Shared helpers: the catalogue, the sweep of inputs every entry is checked on, and errors in ulp."""
import numpy as np
import pytest

import actlab

NAMES = actlab.names()
DTYPES = (np.float32, np.float64)

# Parameters other than the defaults, so that parameters are checked to reach the kernels.
VARIANTS = [
    "leaky_relu:alpha=0.2", "rrelu:lower=0.1,upper=0.3", "prelu:alpha=-0.5", "elu:alpha=0.5",
    "celu:alpha=2", "gelu:approximate=tanh", "softplus:beta=2,threshold=10", "hardtanh:min=-2,max=0.5",
]
SPECS = NAMES + VARIANTS

# Where |f'| is below this near the origin, derivative errors count in ulps of this value (the
# library's accuracy module does the same: f' crosses zero there for gelu, silu and mish).
DERIVATIVE_FLOOR = 0.125
DERIVATIVE_FLOOR_WINDOW = 3.0


def sweep(dtype, n=2001):
    """A dense grid, both signs over the whole exponent range, the kinks, and special values."""
    info = np.finfo(dtype)
    max_exp = int(np.log10(float(info.max))) - 1
    tiny = [float(info.smallest_subnormal), float(info.tiny), float(info.tiny) / 3]
    magnitudes = np.concatenate([np.logspace(-30, max_exp, 200), tiny])
    kinks = [0.0, 1.0, 3.0, 6.0, 0.5, 2.0, 10.0, 20.0, 1e-8]
    kinks = kinks + [np.nextafter(np.array(k, dtype), np.array(np.inf, dtype)) for k in kinks]
    values = np.concatenate([
        np.linspace(-25, 25, n), magnitudes, -magnitudes, kinks, np.negative(kinks),
        [np.inf, -np.inf, np.nan, -0.0],
    ])
    return values.astype(dtype)


def ulp_error(got, ref, dtype, floor=None, x=None):
    """|got - ref| in units of the last place of `dtype` at ref (or at the floor near the origin).
    Matching NaNs and matching infinities count 0; a NaN or inf for a finite value counts inf."""
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    scale = np.abs(ref)
    if floor is not None:
        near = (np.abs(x.astype(np.float64)) <= DERIVATIVE_FLOOR_WINDOW) & (scale < floor)
        scale = np.where(near, floor, scale)
    with np.errstate(invalid="ignore", over="ignore"):
        spacing = np.spacing(np.minimum(scale, float(np.finfo(dtype).max)).astype(dtype)).astype(np.float64)
        err = np.abs(got - ref) / spacing
    same = (np.isnan(got) & np.isnan(ref)) | ((got == ref) & np.isinf(ref))
    err = np.where(same, 0.0, err)
    err = np.where(np.isnan(err), np.inf, err)
    return err


def bound(spec, dtype, direction):
    entry = actlab.Activation(spec).info
    key = ("float32_" if dtype == np.float32 else "float64_") + direction
    return entry["ulp_bounds"][key]


@pytest.fixture(params=DTYPES, ids=lambda d: np.dtype(d).name)
def dtype(request):
    return request.param
