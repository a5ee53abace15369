"""Type hints and documentation of the extension module actlab._actlab (re-exported by actlab)."""
from __future__ import annotations

import os
from typing import Any, Callable, Optional, Sequence, Tuple, TypedDict, Union, overload

import numpy as np
import numpy.typing as npt

__version__: str

FloatArray = Union[npt.NDArray[np.float32], npt.NDArray[np.float64]]
Spec = Union[str, "Activation"]


class ParamInfo(TypedDict):
    name: str
    default: Union[float, str]  # str for enumerated parameters (gelu's approximate)
    min: float
    max: float
    min_open: bool
    max_open: bool
    choices: list[str]
    description: str
    learnable: bool


class Entry(TypedDict):
    name: str
    aliases: list[str]
    params: list[ParamInfo]
    formula: str
    derivative: str
    source: str
    init: str  # "lecun_normal", "he_normal" or "glorot_uniform"
    display_name: str
    in_tutorial: bool
    ulp_bounds: dict[str, float]  # float32_forward, float32_backward, float64_forward, float64_backward
    kinks: list[float]  # where f is not differentiable (default parameters)
    tutorial_tier: int  # the tutorial's advice: 1 (ELU/SELU) to 5 (logistic); 0 not ranked
    pytorch: str  # the torch.nn module ("ELU"), "" where none
    onednn: str  # oneDNN's eltwise algorithm, "" where none


def catalogue() -> list[Entry]:
    """Every catalogue entry, in catalogue order."""


class Activation:
    """One catalogue entry with its parameters: ``Activation("elu:alpha=0.5")`` or
    ``Activation("elu", alpha=0.5)``; ``Activation("gelu", approximate="tanh")``.

    Raises ValueError naming the activation, the key, the value and what is allowed."""

    def __init__(self, spec: Spec, **params: Union[float, str]) -> None: ...
    @property
    def name(self) -> str:
        """The catalogue name ("elu")."""
    @property
    def spec(self) -> str:
        """The canonical spec: parameters that differ from their defaults ("elu:alpha=0.5")."""
    @property
    def params(self) -> dict[str, Union[float, str]]:
        """Every parameter by name."""
    @property
    def info(self) -> Entry:
        """The catalogue entry."""
    @overload
    def value(self, x: float) -> float: ...
    @overload
    def value(self, x: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    def value(self, x):
        """f(x) in double precision, correctly rounded or nearly so (the scalar reference the kernels
        are tested against). Numbers give a float, arrays a float64 array of the same shape."""
    @overload
    def derivative(self, x: float) -> float: ...
    @overload
    def derivative(self, x: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    def derivative(self, x):
        """f'(x) in double precision, with the catalogue's convention at kinks."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...


def forward(spec: Spec, x: FloatArray, *, out: Optional[FloatArray] = None,
            accuracy: str = "exact") -> FloatArray:
    """y = f(x) elementwise through the SIMD kernels.

    x: a float32 or float64 numpy array of any shape and strides. C- or Fortran-contiguous arrays
    are read in place; other layouts are copied first. Other dtypes raise TypeError naming the
    dtype (nothing is cast).
    out: where to write (same shape and dtype as x, any strides); ``out=x`` works in place. The
    result (``out`` when given) is returned.
    accuracy: the kernels' accuracy level; only "exact" (the catalogue's bounds) exists so far,
    anything else raises ValueError.
    The GIL is released while the kernel runs on arrays of 4096 elements or more; large arrays
    are split over ``get_num_threads()`` threads."""


def backward(spec: Spec, x: FloatArray, dy: FloatArray, *, out: Optional[FloatArray] = None,
             accuracy: str = "exact") -> FloatArray:
    """dx = f'(x) dy elementwise, from x with the stable closed forms. x and dy: same dtype and
    shape; ``out`` may be x or dy. Otherwise as forward."""


def set_num_threads(threads: int) -> None:
    """Threads the kernels use for large arrays (default: ACTLAB_NUM_THREADS, else every core)."""


def get_num_threads() -> int:
    """Threads the kernels use for large arrays."""


def kernel_target() -> str:
    """The instruction set the kernels run with on this machine ("AVX3", "AVX2", ...)."""


def _kernel_seconds(spec: Spec, x: FloatArray, dy: Optional[FloatArray] = None, repetitions: int = 5,
                    min_seconds: float = 0.01) -> float:
    """Seconds per call of the bare C++ kernel on x (and dy: backward), best of the repetitions."""


def _prelu_forward(x: FloatArray, weight: npt.ArrayLike, out: FloatArray) -> FloatArray: ...
def _prelu_backward(x: FloatArray, weight: npt.ArrayLike, dy: FloatArray, out: FloatArray) -> npt.NDArray[np.float64]: ...


class PropagationResult(TypedDict):
    activation: str
    depth: int
    width: int
    batch: int
    seed: int
    init: str
    sigma_w2: float
    # One float64 array per column, one element per layer: layer, mean_min, mean_max, std_min,
    # std_max, mean, std, zero_fraction, grad_rms.
    layers: dict[str, npt.NDArray[np.float64]]
    lines: list[str]  # the tutorial's printed lines, "Layer 0: -0.26 < mean < 0.27, ..."


def propagate(act: Spec = "selu", *, depth: int = 100, width: int = 100, batch: int = 500, seed: int = 42,
              init: str = "lecun", backward: bool = True) -> PropagationResult:
    """The tutorial's deep-network experiment: a standard-normal batch through `depth` random dense
    layers, in numpy's draw order (the tutorial's numbers for the same seed). init: "lecun", "he",
    "glorot" or "sigma_w2=X"."""


class TheoryResult(TypedDict):
    activation: str
    sigma_w2: float
    sigma_b2: float
    q0: float
    kind: str  # "stable", "marginal", "collapse", "diverge"
    status: str
    q_star: float
    map_slope: float
    chi_1: float
    mean_at_q_star: float
    depth_scale: float
    layers: dict[str, npt.NDArray[np.float64]]  # layer, q, mean, second_moment, std, chi, grad_rms


def theory(act: Spec, *, sigma_w2: float = 1.0, depth: int = 100, q0: Optional[float] = None,
           sigma_b2: float = 0.0) -> TheoryResult:
    """Mean-field theory: the length map's fixed point q*, chi_1, the depth scale and per-layer
    predictions from q0 (default sigma_w2)."""


def selu_constants(*, digits: int = 40) -> dict[str, str]:
    """SELU's alpha and scale derived from E[selu(z)] = 0, E[selu(z)^2] = 1 with MPFR, beside the
    tutorial's constants: keys alpha, scale, tutorial_alpha, tutorial_scale, alpha_difference,
    scale_difference."""


def accuracy(act: Spec, *, dtype: str = "float32", direction: str = "forward", samples: int = 65536,
             seed: int = 20261126, exhaustive: bool = False) -> dict[str, Any]:
    """The kernel's error in ulp against the extended-precision reference: max_ulp, worst_input,
    mean_ulp, the mistake counts, the catalogue's bound and whether it passes."""


def bench(acts: Optional[Sequence[Spec]] = None, *, directions: Sequence[str] = ("forward", "backward"),
          dtypes: Sequence[str] = ("float32", "float64"), sizes: Sequence[int] = (262144,), threads: int = 1,
          repetitions: int = 5, min_sample_seconds: float = 1e-3,
          progress: Optional[Callable[[str], None]] = None) -> list[dict[str, Any]]:
    """Kernel throughput (elements per ns, GB/s) beside a copy loop, memcpy and oneDNN (when built
    with it), one dict per activation x direction x dtype x size."""


def train(act: Spec, *, data_dir: Optional[str] = None,
          data: Optional[Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = None,
          hidden: Sequence[int] = (256, 128), epochs: int = 10, batch: int = 128, lr: float = 1e-3,
          optimizer: str = "adam", momentum: float = 0.9, init: Optional[str] = None, dropout: float = 0.0,
          limit: int = 0, validation: int = 10000, folds: int = 0, fold: int = -1, seed: int = 0,
          threads: int = 1, progress: Optional[Callable[[dict[str, Any]], None]] = None) -> dict[str, Any]:
    """Trains an MLP with activation `act` on Fashion-MNIST (data_dir: any MNIST-format directory,
    default Debian's /usr/share/datasets/fashion-mnist) or on uint8 arrays
    data=(train_images (n, rows, cols), train_labels (n,), test_images, test_labels).
    progress(state) is called after every step and every epoch (state["epoch_done"], with
    state["metrics"]); an exception it raises stops training and propagates. Returns the run: its
    sizes, layers, per-epoch metrics (list of dicts) and first-epoch gradient norms."""


class Figure:
    """A figure drawn by actlab. Jupyter shows it inline (``_repr_svg_``, ``_repr_png_``)."""

    @property
    def width_in(self) -> float: ...
    @property
    def height_in(self) -> float: ...
    @property
    def title(self) -> str: ...
    def png(self, dpi: float = 100.0) -> bytes:
        """PNG bytes (6.4 in at 100 dpi: 640 px wide)."""
    def svg(self) -> bytes:
        """SVG bytes."""
    def pdf(self) -> bytes:
        """PDF bytes."""
    def save(self, path: Union[str, os.PathLike[str]], dpi: float = 100.0) -> None:
        """Writes PNG, SVG or PDF by the extension (atomically); OSError when it cannot."""
    def _repr_png_(self) -> bytes: ...
    def _repr_svg_(self) -> str: ...


def plot(*acts: Union[Spec, Sequence[Spec]], derivative: bool = False,
         x_range: Optional[Tuple[float, float]] = None, y_range: Optional[Tuple[float, float]] = None,
         title: str = "") -> Figure:
    """Activations on one axes (with f' dashed when derivative=True)."""


def figure(name: str, *, act: Optional[Spec] = None, acts: Sequence[Spec] = (), init: str = "lecun",
           depth: int = 100, width: int = 100, batch: int = 500, seed: int = 42, theory: bool = True) -> Figure:
    """A named figure: "tutorial" (the tutorial's figure of `act`), "gallery" (every entry),
    "saturation" (where derivatives vanish) or "propagation" (the deep-network experiment for
    `acts`, beside mean-field theory)."""
