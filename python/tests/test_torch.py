"""actlab.torch: every drop-in against actlab's reference, torch.autograd.gradcheck in float64,
torch.nn's arguments and state, in place, dtypes and devices. torch is required here: without it
these tests fail rather than skip (set ACTLAB_ALLOW_MISSING_TORCH=1 to skip them instead)."""
import os

import numpy as np
import pytest

if os.environ.get("ACTLAB_ALLOW_MISSING_TORCH") == "1":
    torch = pytest.importorskip("torch")
else:
    import torch

import actlab
import actlab.torch as at
from torch import nn
from torch_inexact import REGIONS, inside, key

# Each drop-in with non-default arguments where it has them, the actlab spec it stands for, and
# torch's own module with the same arguments.
CASES = [
    ("Sigmoid", {}, "sigmoid"),
    ("Tanh", {}, "tanh"),
    ("ReLU", {}, "relu"),
    ("LeakyReLU", {"negative_slope": 0.2}, "leaky_relu:alpha=0.2"),
    ("LeakyReLU", {"negative_slope": -0.3}, "prelu:alpha=-0.3"),
    ("ELU", {"alpha": 0.5}, "elu:alpha=0.5"),
    ("SELU", {}, "selu"),
    ("CELU", {"alpha": 2.0}, "celu:alpha=2"),
    ("GELU", {}, "gelu"),
    ("GELU", {"approximate": "tanh"}, "gelu:approximate=tanh"),
    ("SiLU", {}, "silu"),
    ("Mish", {}, "mish"),
    ("Softplus", {"beta": 2, "threshold": 10}, "softplus:beta=2,threshold=10"),
    ("Softplus", {}, "softplus"),
    ("Hardsigmoid", {}, "hardsigmoid"),
    ("Hardswish", {}, "hardswish"),
    ("Hardtanh", {"min_val": -2.0, "max_val": 0.5}, "hardtanh:min=-2,max=0.5"),
    ("ReLU6", {}, "relu6"),
    ("Softsign", {}, "softsign"),
    ("LogSigmoid", {}, "logsigmoid"),
    ("Hardshrink", {"lambd": 0.25}, "hardshrink:lambd=0.25"),
]
IDS = [f"{name}{''.join(f'-{k}={v}' for k, v in kw.items())}" for name, kw, _ in CASES]


def inputs(dtype, n=4001, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.cat([torch.linspace(-12, 12, n, dtype=dtype), torch.randn(1000, generator=g, dtype=dtype) * 4])
    return x


def test_every_catalogue_entry_has_a_drop_in():
    covered = {spec.split(":")[0] for _, _, spec in CASES} | {"rrelu", "prelu"}
    assert covered == set(actlab.names())
    assert set(at.MODULES) == set(actlab.names())
    for name, module in at.MODULES.items():
        assert issubclass(module, getattr(nn, module.__name__))
        assert isinstance(module(), nn.Module)


@pytest.mark.parametrize("name,kwargs,spec", CASES, ids=IDS)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
def test_forward_and_backward_are_actlabs_kernels(name, kwargs, spec, dtype):
    module = getattr(at, name)(**kwargs)
    x = inputs(dtype).requires_grad_()
    y = module(x)
    assert y.dtype == dtype and y.shape == x.shape
    xn = x.detach().numpy()
    np.testing.assert_array_equal(y.detach().numpy(), actlab.forward(spec, xn))
    dy = torch.rand_like(x) + 0.5
    y.backward(dy)
    np.testing.assert_array_equal(x.grad.numpy(), actlab.backward(spec, xn, dy.numpy()))


@pytest.mark.parametrize("name,kwargs,spec", CASES, ids=IDS)
def test_close_to_torch_nn_where_torch_is_exact(name, kwargs, spec):
    # Outside the regions where torch is inexact (torch_inexact.py, measured by
    # test_torch_accuracy.py) the two agree closely in float64.
    x = torch.linspace(-6, 6, 2001, dtype=torch.float64).requires_grad_()
    ours, theirs = getattr(at, name)(**kwargs), getattr(nn, name)(**kwargs)
    y1, y2 = ours(x), theirs(x)
    (g1,) = torch.autograd.grad(y1.sum(), x)
    (g2,) = torch.autograd.grad(y2.sum(), x)
    xn = x.detach().numpy()
    for direction, a, b in (("forward", y1, y2), ("backward", g1, g2)):
        keep = torch.from_numpy(~inside(xn, REGIONS.get(key(name, kwargs, "float64", direction), [])))
        assert keep.sum() > 100
        torch.testing.assert_close(a.detach()[keep], b.detach()[keep], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name,kwargs,spec", CASES, ids=IDS)
def test_gradcheck(name, kwargs, spec):
    module = getattr(at, name)(**kwargs)
    x = (torch.randn(64, dtype=torch.float64, generator=torch.Generator().manual_seed(3)) * 3).requires_grad_()
    assert torch.autograd.gradcheck(module, (x,), eps=1e-6, atol=1e-7, rtol=1e-5)


def test_prelu_learns_its_slopes_per_channel():
    torch.manual_seed(0)
    for num in (1, 3):
        ours = at.PReLU(num_parameters=num, init=0.1).double()
        theirs = nn.PReLU(num_parameters=num, init=0.1).double()
        assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight"]
        with torch.no_grad():
            ours.weight.copy_(torch.tensor([0.1, -0.4, 1.5][:num], dtype=torch.float64))
            theirs.weight.copy_(ours.weight)
        x = torch.randn(4, 3, 5, 2, dtype=torch.float64, requires_grad=True)
        y1, y2 = ours(x), theirs(x)
        torch.testing.assert_close(y1, y2, rtol=0, atol=0)
        dy = torch.randn_like(y1)
        gx1, gw1 = torch.autograd.grad(y1, (x, ours.weight), dy)
        gx2, gw2 = torch.autograd.grad(y2, (x, theirs.weight), dy)
        torch.testing.assert_close(gx1, gx2, rtol=0, atol=0)
        torch.testing.assert_close(gw1, gw2, rtol=1e-12, atol=1e-12)
        assert torch.autograd.gradcheck(lambda a, w: at._PreluFunction.apply(a, w), (x, ours.weight))
    with pytest.raises(ValueError, match="channels"):
        at.PReLU(num_parameters=3)(torch.randn(4, 5))
    # A slope learned by an optimiser step.
    layer = at.PReLU()
    opt = torch.optim.SGD(layer.parameters(), lr=0.1)
    x = -torch.ones(10)
    layer(x).sum().backward()
    opt.step()
    assert layer.weight.item() == pytest.approx(0.25 + 0.1 * 10)


def test_rrelu_random_in_training_and_the_mean_in_evaluation():
    module = at.RReLU(lower=0.1, upper=0.3)
    x = -torch.rand(10000, dtype=torch.float64) - 0.01
    x.requires_grad_()
    torch.manual_seed(5)
    y = module(x)
    slopes = (y / x).detach()
    assert 0.1 <= slopes.min() and slopes.max() <= 0.3 and slopes.std() > 0.03
    (g,) = torch.autograd.grad(y.sum(), x)
    torch.testing.assert_close(g, slopes)
    torch.manual_seed(5)
    torch.testing.assert_close(module(x), y)  # torch's generator decides the slopes
    module.eval()
    torch.testing.assert_close(module(x), 0.2 * x, rtol=1e-15, atol=0)
    torch.testing.assert_close(module(x), nn.RReLU(0.1, 0.3).eval()(x))
    assert torch.autograd.gradcheck(module, (torch.randn(32, dtype=torch.float64, requires_grad=True),))


@pytest.mark.parametrize("name", ["ReLU", "ELU", "SELU", "SiLU", "Hardtanh"])
def test_in_place(name):
    x = torch.linspace(-3, 3, 101, dtype=torch.float64)
    expected = getattr(nn, name)()(x)
    leaf = x.clone().requires_grad_()
    h = leaf * 1.0
    y = getattr(at, name)(inplace=True)(h)
    assert y.data_ptr() == h.data_ptr()
    torch.testing.assert_close(y, expected)
    (g,) = torch.autograd.grad(y.sum(), leaf)
    (g_ref,) = torch.autograd.grad(getattr(at, name)()(leaf).sum(), leaf)
    torch.testing.assert_close(g, g_ref)


def test_strided_and_batched_tensors():
    x = torch.randn(8, 6, 5, dtype=torch.float32).transpose(0, 2)[:, ::2]
    assert not x.is_contiguous()
    y = at.GELU()(x)
    np.testing.assert_array_equal(y.numpy(), actlab.forward("gelu", x.contiguous().numpy()))
    x = x.requires_grad_()
    # sum() sends back a gradient with stride 0.
    (g,) = torch.autograd.grad(at.Mish()(x).sum(), x)
    np.testing.assert_array_equal(g.numpy(), actlab.backward("mish", x.detach().contiguous().numpy(),
                                                             np.ones(x.shape, np.float32)))


def test_other_dtypes_are_a_type_error():
    for dtype in (torch.float16, torch.bfloat16, torch.int32):
        with pytest.raises(TypeError, match=str(dtype)):
            at.SELU()(torch.zeros(3, dtype=dtype))


def test_a_model_with_drop_ins_trains():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 16), at.SELU(), nn.Linear(16, 16), at.GELU(approximate="tanh"),
                          nn.Linear(16, 16), at.PReLU(16), nn.Linear(16, 1))
    x = torch.randn(256, 4)
    target = (x[:, :1] * x[:, 1:2]).sin()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    first = None
    for _ in range(200):
        opt.zero_grad()
        loss = ((model(x) - target) ** 2).mean()
        loss.backward()
        opt.step()
        first = first if first is not None else loss.item()
    assert loss.item() < 0.2 * first
    assert "SELU()" in repr(model) and "GELU(approximate='tanh')" in repr(model)


def test_generic_module_and_apply():
    x = torch.linspace(-2, 2, 9, dtype=torch.float64)
    torch.testing.assert_close(at.Module("elu:alpha=0.5")(x), nn.ELU(alpha=0.5)(x))
    torch.testing.assert_close(at.apply("softsign", x), nn.Softsign()(x))
