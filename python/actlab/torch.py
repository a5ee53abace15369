"""PyTorch drop-ins: torch.nn's activation modules computed by actlab's kernels.

Every class here subclasses its torch.nn namesake, takes the same arguments and keeps the same
state (parameters, ``state_dict`` keys, ``repr``), so that ``nn.ELU(alpha=0.5)`` becomes
``actlab.torch.ELU(alpha=0.5)`` without other changes. Forward and backward run on CPU tensors of
float32 or float64 through numpy views of the tensors' memory (no copies); other devices and
dtypes raise TypeError. Backward is computed from the input with actlab's stable closed forms; it
is differentiable once (no double backward).

``inplace=True`` is accepted and overwrites the input as torch does; the input is kept for
backward, so it saves no memory here.

RReLU in training mode draws its slopes with torch's generator (``torch.manual_seed`` applies) and
multiplies in torch (never in place); in evaluation mode it is actlab's rrelu (the mean slope).
"""
from __future__ import annotations

from typing import Union

import torch
from torch import Tensor, nn
from torch.autograd.function import once_differentiable

from . import _actlab
from ._actlab import Activation

__all__ = [
    "ActivationFunction", "Activation", "apply",
    "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "RReLU", "PReLU", "ELU", "SELU", "CELU", "GELU", "SiLU",
    "Mish", "Softplus", "Hardsigmoid", "Hardswish", "Hardtanh", "ReLU6", "Softsign", "LogSigmoid",
    "Hardshrink", "Module",
]

_DTYPES = (torch.float32, torch.float64)


def _check(x: Tensor, what: str = "input") -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"actlab.torch: {what} must be a torch.Tensor, not {type(x).__name__}")
    if x.dtype not in _DTYPES:
        raise TypeError(f"actlab.torch: {what} has dtype {x.dtype}; expected torch.float32 or torch.float64")
    if x.device.type != "cpu":
        raise TypeError(f"actlab.torch: {what} is on {x.device}; actlab's kernels run on CPU tensors")


def _view(x: Tensor):
    """The tensor's memory as a numpy array (no copy)."""
    return x.detach().numpy()


class ActivationFunction(torch.autograd.Function):
    """y = f(x) with dx = f'(x) dy, both through actlab's kernels. ``act`` is a spec or Activation."""

    @staticmethod
    def forward(ctx, x: Tensor, act, inplace: bool = False) -> Tensor:  # type: ignore[override]
        _check(x)
        if inplace:
            saved = x.detach().clone()
            _actlab.forward(act, _view(x), out=_view(x))
            ctx.mark_dirty(x)
            ctx.save_for_backward(saved)
            ctx.act = act
            return x
        y = torch.empty_like(x)
        _actlab.forward(act, _view(x), out=y.numpy())
        ctx.save_for_backward(x)
        ctx.act = act
        return y

    @staticmethod
    @once_differentiable
    def backward(ctx, dy: Tensor):  # type: ignore[override]
        (x,) = ctx.saved_tensors
        dx = torch.empty_like(x)
        _actlab.backward(ctx.act, _view(x), _view(dy), out=dx.numpy())
        return dx, None, None


def apply(act: Union[str, Activation], x: Tensor, inplace: bool = False) -> Tensor:
    """f(x) for any catalogue spec ("elu:alpha=0.5", "gelu:approximate=tanh", ...), with autograd."""
    return ActivationFunction.apply(x, act, inplace)


class _PreluFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: Tensor, weight: Tensor) -> Tensor:  # type: ignore[override]
        _check(x)
        _check(weight, "weight")
        x = x.contiguous()
        y = torch.empty_like(x, memory_format=torch.contiguous_format)
        _actlab._prelu_forward(_view(x), _view(weight), y.numpy())
        ctx.save_for_backward(x, weight)
        return y

    @staticmethod
    @once_differentiable
    def backward(ctx, dy: Tensor):  # type: ignore[override]
        x, weight = ctx.saved_tensors
        dy = dy.contiguous()
        dx = torch.empty_like(x, memory_format=torch.contiguous_format)
        dw = _actlab._prelu_backward(_view(x), _view(weight), _view(dy), dx.numpy())
        return dx, torch.from_numpy(dw).to(weight.dtype).reshape(weight.shape)


class _RreluTrainingFunction(torch.autograd.Function):
    """Leaky ReLU with one random slope per element where x <= 0, kept for backward (as torch)."""

    @staticmethod
    def forward(ctx, x: Tensor, lower: float, upper: float) -> Tensor:  # type: ignore[override]
        _check(x)
        slopes = torch.empty_like(x).uniform_(lower, upper)
        slopes = torch.where(x > 0, torch.ones_like(x), slopes)
        ctx.save_for_backward(slopes)
        return x * slopes

    @staticmethod
    @once_differentiable
    def backward(ctx, dy: Tensor):  # type: ignore[override]
        (slopes,) = ctx.saved_tensors
        return dy * slopes, None, None


def _number(value: float) -> str:
    return repr(float(value))


class Module(nn.Module):
    """Any catalogue entry as a module: ``Module("elu:alpha=0.5")``."""

    def __init__(self, spec: Union[str, Activation] = "relu") -> None:
        super().__init__()
        self.activation = spec if isinstance(spec, Activation) else Activation(spec)

    def forward(self, input: Tensor) -> Tensor:
        return ActivationFunction.apply(input, self.activation, False)

    def extra_repr(self) -> str:
        return repr(self.activation.spec)


class _Drop:
    """Mixin: forward through actlab with the spec the module's current attributes give."""

    def _spec(self) -> str:  # pragma: no cover - every class defines it
        raise NotImplementedError

    def forward(self, input: Tensor) -> Tensor:
        return ActivationFunction.apply(input, self._spec(), bool(getattr(self, "inplace", False)))


class Sigmoid(_Drop, nn.Sigmoid):
    def _spec(self) -> str:
        return "sigmoid"


class Tanh(_Drop, nn.Tanh):
    def _spec(self) -> str:
        return "tanh"


class ReLU(_Drop, nn.ReLU):
    def _spec(self) -> str:
        return "relu"


class LeakyReLU(_Drop, nn.LeakyReLU):
    def _spec(self) -> str:
        # Negative slopes (allowed by torch) are prelu's, which has the same formula for any slope.
        if self.negative_slope < 0:
            return "prelu:alpha=" + _number(self.negative_slope)
        return "leaky_relu:alpha=" + _number(self.negative_slope)


class RReLU(nn.RReLU):
    def forward(self, input: Tensor) -> Tensor:
        if self.training:
            return _RreluTrainingFunction.apply(input, float(self.lower), float(self.upper))
        spec = f"rrelu:lower={_number(self.lower)},upper={_number(self.upper)}"
        return ActivationFunction.apply(input, spec, self.inplace)


class PReLU(nn.PReLU):
    def forward(self, input: Tensor) -> Tensor:
        return _PreluFunction.apply(input, self.weight)


class ELU(_Drop, nn.ELU):
    def _spec(self) -> str:
        return "elu:alpha=" + _number(self.alpha)


class SELU(_Drop, nn.SELU):
    def _spec(self) -> str:
        return "selu"


class CELU(_Drop, nn.CELU):
    def _spec(self) -> str:
        return "celu:alpha=" + _number(self.alpha)


class GELU(_Drop, nn.GELU):
    def _spec(self) -> str:
        if self.approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate={self.approximate!r}; allowed: 'none', 'tanh'")
        return "gelu" if self.approximate == "none" else "gelu:approximate=tanh"


class SiLU(_Drop, nn.SiLU):
    def _spec(self) -> str:
        return "silu"


class Mish(_Drop, nn.Mish):
    def _spec(self) -> str:
        return "mish"


class Softplus(_Drop, nn.Softplus):
    def _spec(self) -> str:
        return f"softplus:beta={_number(self.beta)},threshold={_number(self.threshold)}"


class Hardsigmoid(_Drop, nn.Hardsigmoid):
    def _spec(self) -> str:
        return "hardsigmoid"


class Hardswish(_Drop, nn.Hardswish):
    def _spec(self) -> str:
        return "hardswish"


class Hardtanh(_Drop, nn.Hardtanh):
    def _spec(self) -> str:
        return f"hardtanh:min={_number(self.min_val)},max={_number(self.max_val)}"


class ReLU6(_Drop, nn.ReLU6):
    def _spec(self) -> str:
        return "relu6"


class Softsign(_Drop, nn.Softsign):
    def _spec(self) -> str:
        return "softsign"


class LogSigmoid(_Drop, nn.LogSigmoid):
    def _spec(self) -> str:
        return "logsigmoid"


class Hardshrink(_Drop, nn.Hardshrink):
    def _spec(self) -> str:
        return f"hardshrink:lambd={_number(self.lambd)}"


# The module for each catalogue name (its default arguments), for code that goes by name.
MODULES = {
    "sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU, "leaky_relu": LeakyReLU, "rrelu": RReLU,
    "prelu": PReLU, "elu": ELU, "selu": SELU, "celu": CELU, "gelu": GELU, "silu": SiLU, "mish": Mish,
    "softplus": Softplus, "hardsigmoid": Hardsigmoid, "hardswish": Hardswish, "hardtanh": Hardtanh,
    "relu6": ReLU6, "softsign": Softsign, "logsigmoid": LogSigmoid, "hardshrink": Hardshrink,
}
