"""The experiments, measurements, figures and training as Python functions."""
import re

import numpy as np
import pytest

import actlab

TUTORIAL_LINE = re.compile(r"^Layer \d+: -?\d+\.\d\d < mean < -?\d+\.\d\d, \d+\.\d\d < std deviation < \d+\.\d\d$")


def test_propagate_gives_the_tutorials_table_and_per_layer_statistics():
    r = actlab.propagate("selu", depth=10, width=50, batch=100, seed=42)
    assert r["activation"] == "selu" and r["depth"] == 10 and r["init"] == "lecun"
    layers = r["layers"]
    assert set(layers) == {"layer", "mean_min", "mean_max", "std_min", "std_max", "mean", "std", "zero_fraction",
                           "grad_rms"}
    np.testing.assert_array_equal(layers["layer"], np.arange(10))
    assert np.all(layers["mean_min"] <= layers["mean_max"]) and np.all(layers["std_min"] <= layers["std_max"])
    # SELU with LeCun weights keeps the activations near mean 0, std 1.
    assert np.all(np.abs(layers["mean"]) < 0.3) and np.all(np.abs(layers["std"] - 1) < 0.3)
    assert len(r["lines"]) == 10 and all(TUTORIAL_LINE.match(line) for line in r["lines"])
    again = actlab.propagate("selu", depth=10, width=50, batch=100, seed=42)
    np.testing.assert_array_equal(again["layers"]["std"], layers["std"])
    relu = actlab.propagate("relu", depth=3, width=20, batch=10, init="he", backward=False)
    assert np.all(np.isnan(relu["layers"]["grad_rms"])) and np.all(relu["layers"]["zero_fraction"] > 0.2)


def test_propagate_errors():
    with pytest.raises(ValueError, match="glorot"):
        actlab.propagate("selu", init="xavier")
    with pytest.raises(ValueError):
        actlab.propagate("selu", depth=0)


def test_theory_of_selu_has_its_fixed_point_at_one():
    t = actlab.theory("selu", sigma_w2=1.0, depth=5)
    assert t["kind"] == "stable"
    assert t["q_star"] == pytest.approx(1.0, abs=1e-6)
    assert t["chi_1"] > 1 and t["layers"]["q"].shape == (5,)
    relu = actlab.theory("relu", sigma_w2=2.0, depth=3)
    assert relu["kind"] == "marginal" and relu["chi_1"] == pytest.approx(1.0, abs=1e-9)


def test_selu_constants_are_derived_to_the_catalogues_digits():
    c = actlab.selu_constants(digits=30)
    assert c["alpha"].startswith("1.67326324235437728481704299167")
    assert c["scale"].startswith("1.05070098735548049341933498529")
    with pytest.raises(ValueError):
        actlab.selu_constants(digits=0)


def test_accuracy_measures_within_the_catalogues_bound():
    r = actlab.accuracy("elu", dtype="float32", direction="backward", samples=4096)
    assert r["passes"] and r["max_ulp"] <= r["bound"] and r["inputs"] > 4096
    with pytest.raises(ValueError, match="float32"):
        actlab.accuracy("elu", dtype="float16")


def test_bench_reports_throughput_and_progress():
    lines = []
    rows = actlab.bench(["relu", "selu"], directions=["forward"], dtypes=["float32"], sizes=[4096],
                        repetitions=1, min_sample_seconds=1e-4, progress=lines.append)
    assert [r["activation"] for r in rows] == ["relu", "selu"]
    assert all(r["elements_per_ns"] > 0 and r["size"] == 4096 for r in rows)
    assert len(lines) == 2
    with pytest.raises(ValueError):
        actlab.bench(["relu"], sizes=[0])


def test_figures_are_png_and_svg_bytes_and_show_inline():
    fig = actlab.plot("elu", "selu", derivative=True, x_range=(-3, 3))
    png = fig.png(dpi=50)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert fig._repr_png_().startswith(b"\x89PNG")
    svg = fig._repr_svg_()
    assert isinstance(svg, str) and "<svg" in svg
    assert fig.svg().lstrip().startswith(b"<?xml") and fig.pdf().startswith(b"%PDF")
    tutorial = actlab.figure("tutorial", act="leaky_relu")
    assert "Leaky ReLU" in tutorial.title
    for name in ("gallery", "saturation"):
        assert actlab.figure(name).png(dpi=30).startswith(b"\x89PNG")
    prop = actlab.figure("propagation", acts=["selu", "relu"], depth=5, width=20, batch=10)
    assert prop.png(dpi=30).startswith(b"\x89PNG")


def test_figure_errors(tmp_path):
    with pytest.raises(ValueError, match="gallery"):
        actlab.figure("nosuch")
    with pytest.raises(ValueError):
        actlab.plot()
    fig = actlab.plot("relu")
    with pytest.raises(ValueError, match="png"):
        fig.save(tmp_path / "figure.bmp")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError, match="is a file, not a folder"):
        fig.save(tmp_path / "file" / "figure.png")
    fig.save(tmp_path / "figure.svg")
    assert (tmp_path / "figure.svg").read_bytes().lstrip().startswith(b"<?xml")


def synthetic_data(seed=0, train=600, test=200):
    """Images of 8x8 pixels whose class is the brightest of ten fixed patterns."""
    rng = np.random.default_rng(seed)
    patterns = rng.uniform(0, 1, (10, 8, 8))

    def make(n):
        labels = rng.integers(0, 10, n).astype(np.uint8)
        images = patterns[labels] * 200 + rng.uniform(0, 55, (n, 8, 8))
        return images.astype(np.uint8), labels

    return (*make(train), *make(test))


def test_train_on_synthetic_data_with_progress():
    states = []
    r = actlab.train("selu", data=synthetic_data(), hidden=[32], epochs=3, batch=32, validation=100, seed=1,
                     progress=states.append)
    assert r["activation"] == "selu" and r["train_size"] == 500 and r["val_size"] == 100 and r["test_size"] == 200
    assert [e["epoch"] for e in r["epochs"]] == [1, 2, 3]
    assert r["epochs"][-1]["val_accuracy"] > 50  # ten classes: chance is 10%
    done = [s for s in states if s["epoch_done"]]
    assert len(done) == 3 and done[-1]["metrics"]["epoch"] == 3
    assert any(not s["epoch_done"] for s in states)
    again = actlab.train("selu", data=synthetic_data(), hidden=[32], epochs=3, batch=32, validation=100, seed=1)
    assert again["epochs"][-1]["train_loss"] == r["epochs"][-1]["train_loss"]


def test_train_stops_when_the_callback_raises():
    class Stop(Exception):
        pass

    def progress(state):
        if state["step"] >= 2:
            raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        actlab.train("relu", data=synthetic_data(), hidden=[8], epochs=2, batch=32, validation=100,
                     progress=progress)


def test_train_errors(tmp_path):
    with pytest.raises(OSError, match="missing"):
        actlab.train("relu", data_dir=str(tmp_path / "missing"), epochs=1)
    images = synthetic_data()
    with pytest.raises(TypeError, match="uint8"):
        actlab.train("relu", data=(images[0].astype(np.float32), *images[1:]), epochs=1, validation=100)
    with pytest.raises(ValueError, match="validation"):
        actlab.train("relu", data=images, epochs=1, validation=10_000)
    with pytest.raises(ValueError, match="optimizer"):
        actlab.train("relu", data=images, epochs=1, validation=100, optimizer="lbfgs")
