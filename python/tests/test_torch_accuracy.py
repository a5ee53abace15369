"""Where torch.nn is inexact, measured: torch's results against actlab's reference over a sweep of
inputs. Every inexact result must lie in a region torch_inexact.REGIONS lists (and docs/python.md
describes), and every listed region must hold one, so that the list stays true both ways."""
import os

import numpy as np
import pytest

if os.environ.get("ACTLAB_ALLOW_MISSING_TORCH") == "1":
    torch = pytest.importorskip("torch")
else:
    import torch

import actlab
from conftest import DERIVATIVE_FLOOR, sweep, ulp_error
from test_torch import CASES, IDS
from torch import nn
from torch_inexact import REGIONS, TOLERANCE_ULP, inside, key


@pytest.mark.parametrize("name,kwargs,spec", CASES, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_torch_is_inexact_only_where_listed(name, kwargs, spec, dtype):
    act = actlab.Activation(spec)
    x = sweep(dtype, n=40001)
    x = x[np.isfinite(x)]
    t = torch.from_numpy(x.copy()).requires_grad_()
    y = getattr(nn, name)(**kwargs)(t)
    (g,) = torch.autograd.grad(y.sum(), t)
    x64 = x.astype(np.float64)
    errors = {
        "forward": ulp_error(y.detach().numpy(), act.value(x64), dtype),
        "backward": ulp_error(g.numpy(), act.derivative(x64), dtype, floor=DERIVATIVE_FLOOR, x=x),
    }
    dtype_name = np.dtype(dtype).name
    for direction, err in errors.items():
        regions = REGIONS.get(key(name, kwargs, dtype_name, direction), [])
        bad = err > TOLERANCE_ULP
        unlisted = bad & ~inside(x64, regions)
        assert not unlisted.any(), (
            f"torch {name}{kwargs} {dtype_name} {direction}: {err[unlisted].max():.3g} ulp at x="
            f"{x[unlisted][np.argmax(err[unlisted])]!r}, outside the listed regions {regions}")
        for lo, hi in regions:
            assert (bad & inside(x64, [(lo, hi)])).any(), (
                f"torch {name}{kwargs} {dtype_name} {direction} is exact on ({lo}, {hi}): drop it from the list")
