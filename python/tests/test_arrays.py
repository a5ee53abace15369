"""forward/backward over numpy arrays: every catalogue entry against the scalar reference, and the
array contract (in place, strides, dtypes, errors, threads, the GIL)."""
import threading
import time

import numpy as np
import pytest

import actlab
from conftest import DERIVATIVE_FLOOR, SPECS, bound, sweep, ulp_error

# The reference (Activation.value/derivative) is computed in double: for float64 results it may
# itself be off by about an ulp, so the comparison allows the catalogue's bound plus this much.
REFERENCE_SLACK = {np.float32: 1.0, np.float64: 2.0}


@pytest.mark.parametrize("spec", SPECS)
def test_forward_matches_reference(spec, dtype):
    act = actlab.Activation(spec)
    x = sweep(dtype)
    y = actlab.forward(spec, x)
    assert y.dtype == dtype and y.shape == x.shape
    err = ulp_error(y, act.value(x.astype(np.float64)), dtype)
    worst = int(np.argmax(err))
    assert err[worst] <= bound(spec, dtype, "forward") + REFERENCE_SLACK[dtype], (
        f"{spec} {np.dtype(dtype).name}: {err[worst]} ulp at x={x[worst]!r}")


@pytest.mark.parametrize("spec", SPECS)
def test_backward_matches_reference(spec, dtype):
    act = actlab.Activation(spec)
    x = sweep(dtype)
    rng = np.random.default_rng(1)
    dy = rng.uniform(0.5, 2, x.shape).astype(dtype)
    dx = actlab.backward(spec, x, dy)
    ref = act.derivative(x.astype(np.float64)) * dy.astype(np.float64)
    err = ulp_error(dx, ref, dtype, floor=DERIVATIVE_FLOOR, x=x)
    worst = int(np.argmax(err))
    # dy multiplies in: one more rounding than with dy = 1.
    assert err[worst] <= bound(spec, dtype, "backward") + REFERENCE_SLACK[dtype] + 0.5, (
        f"{spec} {np.dtype(dtype).name}: {err[worst]} ulp at x={x[worst]!r}")


def test_forward_is_deterministic_and_the_same_for_any_thread_count():
    x = np.random.default_rng(2).normal(0, 3, 1 << 20).astype(np.float32)
    before = actlab.get_num_threads()
    try:
        actlab.set_num_threads(1)
        one = actlab.forward("gelu", x)
        actlab.set_num_threads(2)
        assert actlab.get_num_threads() == 2
        two = actlab.forward("gelu", x)
    finally:
        actlab.set_num_threads(before)
    np.testing.assert_array_equal(one, two)


@pytest.mark.parametrize("spec", ["selu", "gelu", "hardswish"])
def test_in_place(spec, dtype):
    x = np.random.default_rng(3).normal(0, 4, (37, 53)).astype(dtype)
    expected = actlab.forward(spec, x)
    y = x.copy()
    result = actlab.forward(spec, y, out=y)
    assert result is y
    np.testing.assert_array_equal(y, expected)

    dy = np.random.default_rng(4).normal(0, 1, x.shape).astype(dtype)
    expected_dx = actlab.backward(spec, x, dy)
    for target in ("x", "dy"):
        xs, dys = x.copy(), dy.copy()
        out = xs if target == "x" else dys
        assert actlab.backward(spec, xs, dys, out=out) is out
        np.testing.assert_array_equal(out, expected_dx)


def test_contiguous_input_is_not_copied_and_out_is_written():
    x = np.linspace(-3, 3, 1 << 14, dtype=np.float32)
    out = np.empty_like(x)
    assert actlab.forward("elu", x, out=out) is out
    np.testing.assert_array_equal(out, actlab.forward("elu", x))
    # The result of a fresh call has x's layout (Fortran order stays Fortran order).
    f = np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) - 6)
    yf = actlab.forward("tanh", f)
    assert yf.flags.f_contiguous and yf.shape == f.shape
    np.testing.assert_array_equal(yf, actlab.forward("tanh", np.ascontiguousarray(f)))


LAYOUTS = {
    "strided": lambda a: a[::3, 1::2],
    "transposed": lambda a: a.T,
    "reversed": lambda a: a[::-1, ::-1],
    "fortran": np.asfortranarray,
    "zero_d": lambda a: a[5:6, 3:4].reshape(()),
    "empty": lambda a: a[:0],
    "3d_view": lambda a: a.reshape(6, 10, 7)[:, ::2].transpose(2, 0, 1),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_any_shape_and_strides(layout, dtype):
    base = np.random.default_rng(5).normal(0, 3, (60, 7)).astype(dtype)
    if layout == "3d_view":
        base = np.random.default_rng(5).normal(0, 3, (420,)).astype(dtype).reshape(60, 7)
    x = LAYOUTS[layout](base)
    act = actlab.Activation("mish")
    y = actlab.forward(act, x)
    assert y.shape == x.shape and y.dtype == dtype
    np.testing.assert_array_equal(y, actlab.forward(act, np.ascontiguousarray(x)))
    dy = np.full_like(x, 0.5)
    dx = actlab.backward(act, x, dy)
    np.testing.assert_array_equal(dx, actlab.backward(act, np.ascontiguousarray(x), np.ascontiguousarray(dy)))
    # A strided out, and out = x for a strided x.
    out_base = np.zeros((x.size * 2 + 1,), dtype)
    out = out_base[: 2 * x.size : 2].reshape(x.shape) if x.size else np.empty(x.shape, dtype)
    assert actlab.forward(act, x, out=out) is out
    np.testing.assert_array_equal(out, y)
    xs = LAYOUTS[layout](base.copy())
    actlab.forward(act, xs, out=xs)
    np.testing.assert_array_equal(xs, y)


def test_partly_overlapping_out_gives_the_same_as_a_copy():
    a = np.linspace(-4, 4, 1001, dtype=np.float64)
    expected = actlab.forward("softplus", a[:-1].copy())
    actlab.forward("softplus", a[:-1], out=a[1:])
    np.testing.assert_array_equal(a[1:], expected)


@pytest.mark.parametrize("bad", [np.int32, np.int64, np.float16, np.complex64, np.bool_, ">f4", ">f8"])
def test_other_dtypes_are_a_type_error_naming_the_dtype(bad):
    x = np.zeros(4, dtype=bad)
    name = str(x.dtype)
    with pytest.raises(TypeError, match=name.replace(">", ">")):
        actlab.forward("relu", x)
    with pytest.raises(TypeError, match=name):
        actlab.backward("relu", x, x)
    with pytest.raises(TypeError, match=name):
        actlab.forward("relu", np.zeros(4, np.float32), out=x)


def test_argument_errors():
    x32 = np.zeros(4, np.float32)
    x64 = np.zeros(4, np.float64)
    with pytest.raises(TypeError, match="list"):
        actlab.forward("relu", [1.0, 2.0])
    with pytest.raises(TypeError, match="float64"):
        actlab.forward("relu", x32, out=x64)
    with pytest.raises(TypeError, match="float64"):
        actlab.backward("relu", x32, x64)
    with pytest.raises(ValueError, match=r"\(5,\)"):
        actlab.forward("relu", x32, out=np.zeros(5, np.float32))
    with pytest.raises(ValueError, match=r"\(2, 2\)"):
        actlab.backward("relu", x32, np.zeros((2, 2), np.float32))
    read_only = np.zeros(4, np.float32)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        actlab.forward("relu", x32, out=read_only)
    with pytest.raises(ValueError, match="nosuch"):
        actlab.forward("nosuch", x32)
    with pytest.raises(ValueError, match="alpha"):
        actlab.forward("elu:alpha=-1", x32)
    with pytest.raises(TypeError):
        actlab.forward(3, x32)
    with pytest.raises(ValueError, match="set_num_threads"):
        actlab.set_num_threads(0)


@pytest.mark.parametrize("level", ["fast", "approx", "EXACT", ""])
def test_accuracy_levels_other_than_exact_are_refused(level):
    with pytest.raises(ValueError, match="allowed: 'exact'"):
        actlab.forward("selu", np.zeros(3, np.float32), accuracy=level)
    with pytest.raises(ValueError, match="allowed: 'exact'"):
        actlab.backward("selu", np.zeros(3), np.zeros(3), accuracy=level)


def test_exact_level_is_accepted():
    x = np.linspace(-2, 2, 9)
    np.testing.assert_array_equal(actlab.forward("selu", x, accuracy="exact"), actlab.forward("selu", x))


def test_the_gil_is_released_while_a_kernel_runs():
    # A Python thread keeps counting while the main thread runs large kernels. Were the GIL held
    # during a kernel, the counter would stall for the whole call, and stalls as long as half a
    # call would cover most of the time.
    x = np.random.default_rng(6).normal(size=1 << 22).astype(np.float64)
    y = np.empty_like(x)
    before = actlab.get_num_threads()
    actlab.set_num_threads(1)
    stop = threading.Event()
    ticks = []

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())

    try:
        calls = 0
        start = time.perf_counter()
        worker = threading.Thread(target=count)
        worker.start()
        while time.perf_counter() - start < 0.6 or calls < 4:
            actlab.forward("mish", x, out=y)
            calls += 1
        stop.set()
        worker.join()
        elapsed = time.perf_counter() - start
    finally:
        actlab.set_num_threads(before)
    per_call = elapsed / calls
    gaps = np.diff(np.array(ticks))
    stalled = float(gaps[gaps > 0.5 * per_call].sum())
    assert stalled < 0.5 * elapsed, (stalled, elapsed, per_call)


def test_threads_run_kernels_concurrently():
    x = np.random.default_rng(7).normal(size=1 << 21)
    results = [None] * 4

    def work(i):
        results[i] = actlab.forward("gelu", x)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, results[0])
