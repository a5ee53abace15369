"""actlab: activation functions of neural networks, from numpy and PyTorch.

The catalogue (``catalogue()``, ``Activation``), the array kernels (``forward``, ``backward`` on
float32/float64 numpy arrays of any shape, without copies when the array is contiguous), the
experiments of the tutorial (``propagate``, ``theory``, ``selu_constants``), the measurements
(``accuracy``, ``bench``), training (``train``) and figures (``plot``, ``figure``) that Jupyter shows
inline. ``actlab.torch`` holds drop-in replacements for torch.nn's activation modules; it is
imported on first use, and only then needs torch.

Errors from the library arrive as ValueError (a bad spec, option or shape), TypeError (a wrong
dtype or argument type) or OSError (a file that cannot be read or written), with its message.
"""
from __future__ import annotations

from ._actlab import (
    Activation,
    Figure,
    __version__,
    accuracy,
    backward,
    bench,
    catalogue,
    figure,
    forward,
    get_num_threads,
    kernel_target,
    plot,
    propagate,
    selu_constants,
    set_num_threads,
    theory,
    train,
)

# The accuracy levels forward/backward accept. Only the catalogue's bounds exist so far.
ACCURACY_LEVELS = ("exact",)

__all__ = [
    "ACCURACY_LEVELS", "Activation", "Figure", "__version__", "accuracy", "backward", "bench",
    "catalogue", "figure", "forward", "get_num_threads", "kernel_target", "names", "plot",
    "propagate", "selu_constants", "set_num_threads", "theory", "train",
]


def names() -> list[str]:
    """The catalogue's names, in catalogue order."""
    return [entry["name"] for entry in catalogue()]


def __getattr__(name: str):
    # `actlab.torch` without importing torch for users who never touch it.
    if name == "torch":
        import importlib

        return importlib.import_module(".torch", __name__)
    raise AttributeError(f"module 'actlab' has no attribute {name!r}")
