"""The catalogue and Activation from Python."""
import math
import pickle

import numpy as np
import pytest

import actlab
from conftest import NAMES, SPECS

REQUIRED = ["sigmoid", "tanh", "relu", "leaky_relu", "rrelu", "prelu", "elu", "selu", "celu", "gelu", "silu",
            "mish", "softplus", "hardsigmoid", "hardswish", "hardtanh", "relu6", "softsign", "logsigmoid"]


def test_catalogue_lists_every_required_entry_with_its_fields():
    entries = actlab.catalogue()
    names = [e["name"] for e in entries]
    assert [n for n in names if n in REQUIRED] == REQUIRED  # every one, in the catalogue's order
    assert len(set(names)) == len(names)
    for e in entries:
        assert e["formula"] and e["derivative"] and e["source"]
        assert e["init"] in ("lecun_normal", "he_normal", "glorot_uniform")
        assert set(e["ulp_bounds"]) == {"float32_forward", "float32_backward", "float64_forward", "float64_backward"}
        for p in e["params"]:
            assert p["min"] <= p["max"]
            if p["choices"]:
                assert p["default"] in p["choices"]
            else:
                assert p["min"] <= p["default"] <= p["max"]


def test_aliases_and_parameters():
    by_name = {e["name"]: e for e in actlab.catalogue()}
    assert "logistic" in by_name["sigmoid"]["aliases"]
    assert "swish" in by_name["silu"]["aliases"]
    assert [p["name"] for p in by_name["softplus"]["params"]] == ["beta", "threshold"]
    assert by_name["gelu"]["params"][0]["choices"] == ["none", "tanh"]
    assert by_name["prelu"]["params"][0]["learnable"]


@pytest.mark.parametrize("spec", SPECS)
def test_spec_round_trip(spec):
    act = actlab.Activation(spec)
    assert actlab.Activation(act.spec) == act
    assert actlab.Activation(str(act)) == act
    assert pickle.loads(pickle.dumps(act)) == act
    assert hash(actlab.Activation(act.spec)) == hash(act)
    assert repr(act) == f"Activation('{act.spec}')"


def test_keyword_parameters():
    assert actlab.Activation("elu", alpha=0.5) == actlab.Activation("elu:alpha=0.5")
    assert actlab.Activation("gelu", approximate="tanh").spec == "gelu:approximate=tanh"
    assert actlab.Activation("gelu:approximate=tanh").params == {"approximate": "tanh"}
    assert actlab.Activation("softplus").params == {"beta": 1.0, "threshold": 20.0}
    assert actlab.Activation("Logistic").name == "sigmoid"
    with pytest.raises(ValueError, match="approximate"):
        actlab.Activation("gelu", approximate="erf")
    with pytest.raises(ValueError, match="beta"):
        actlab.Activation("elu", beta=1)
    with pytest.raises(ValueError, match="alpha"):
        actlab.Activation("elu", alpha=-1.0)
    with pytest.raises(ValueError, match="elu"):
        actlab.Activation("elu:alpha=0.5,alpha=2")
    with pytest.raises(ValueError, match="reluu|relu"):
        actlab.Activation("reluu")
    with pytest.raises(TypeError):
        actlab.Activation(1.5)


def test_value_and_derivative_on_scalars_and_arrays():
    selu = actlab.Activation("selu")
    alpha, scale = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
    assert selu.value(1.0) == pytest.approx(scale, rel=1e-15)
    assert selu.value(-1.0) == pytest.approx(scale * alpha * math.expm1(-1.0), rel=1e-15)
    assert selu.derivative(0.0) == pytest.approx(scale * alpha, rel=1e-15)
    assert isinstance(selu.value(np.float32(2.0)), float)
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    v = selu.value(x)
    assert v.shape == (3, 4) and v.dtype == np.float64
    np.testing.assert_allclose(v, np.where(x > 0, scale * x, scale * alpha * np.expm1(x)), rtol=1e-15)
    np.testing.assert_allclose(selu.derivative([0.0, 1.0]), [scale * alpha, scale], rtol=1e-15)
    assert math.isnan(actlab.Activation("tanh").value(float("nan")))
    with pytest.raises(TypeError):
        selu.value("1.0")


def test_kink_conventions_follow_pytorch():
    assert actlab.Activation("relu").derivative(0.0) == 0.0
    assert actlab.Activation("leaky_relu").derivative(0.0) == 0.01
    assert actlab.Activation("elu").derivative(0.0) == 1.0
    assert actlab.Activation("relu6").derivative(6.0) == 0.0
    assert actlab.Activation("hardtanh").derivative(-1.0) == 0.0
    assert actlab.Activation("hardswish").derivative(3.0) == 1.5
    assert actlab.Activation("hardswish").derivative(-3.0) == -0.5


def test_every_name_has_an_entry():
    assert actlab.names() == NAMES
    for name in NAMES:
        assert actlab.Activation(name).info["name"] == name
