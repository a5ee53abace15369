// The catalogue as Python data, and Activation: one configured entry with its exact scalar value
// and derivative.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "actlab/activation.h"
#include "bindings.h"

namespace actlab::python {
namespace {

py::list Strings(std::span<const std::string_view> words) {
  py::list list;
  for (std::string_view word : words) list.append(py::str(word.data(), word.size()));
  return list;
}

py::str Str(std::string_view text) { return {text.data(), text.size()}; }

// Parameters by name; enumerated ones (gelu's approximate) as their word.
py::dict ParamsDict(const Activation& act) {
  py::dict params;
  const auto specs = act.info().params;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const double value = act.param(static_cast<int>(i));
    if (!specs[i].choices.empty()) {
      params[Str(specs[i].name)] = Str(specs[i].choices[static_cast<std::size_t>(value)]);
    } else {
      params[Str(specs[i].name)] = value;
    }
  }
  return params;
}

// `act` with keyword parameters applied: numbers, or the words of an enumerated parameter.
Activation WithKeywords(Activation act, const py::kwargs& kwargs) {
  for (const auto& [key, value] : kwargs) {
    const auto name = key.cast<std::string>();
    if (py::isinstance<py::str>(value)) {
      const auto word = value.cast<std::string>();
      const ParamSpec* spec = nullptr;
      for (const ParamSpec& p : act.info().params) {
        if (p.name == name) spec = &p;
      }
      if (spec == nullptr || spec->choices.empty()) {
        // The parser's message names what is allowed.
        act = Activation::Parse(act.ToString() +
                                (act.ToString().find(':') == std::string::npos ? ":" : ",") + name +
                                "=" + word);
        continue;
      }
      bool found = false;
      for (std::size_t i = 0; i < spec->choices.size(); ++i) {
        if (spec->choices[i] == word) {
          act = act.With(name, static_cast<double>(i));
          found = true;
        }
      }
      if (!found) {
        std::string allowed;
        for (std::string_view c : spec->choices)
          allowed += (allowed.empty() ? "" : ", ") + std::string(c);
        throw SpecError(std::string(act.name()) + ": " + name + "='" + word +
                        "' is not allowed; allowed: " + allowed);
      }
    } else {
      act = act.With(name, value.cast<double>());
    }
  }
  return act;
}

// f or f' of a number (a float back) or of an array-like (a float64 array of the same shape back).
template <typename F>
py::object Elementwise(py::handle x, F f) {
  if (!py::isinstance<py::array>(x) && !py::isinstance<py::list>(x) &&
      !py::isinstance<py::tuple>(x)) {
    double value = 0;
    try {
      value = x.cast<double>();
    } catch (const py::cast_error&) {
      throw py::type_error("x must be a number or an array of numbers, not " +
                           std::string(py::str(x.get_type().attr("__name__"))));
    }
    return py::float_(f(value));
  }
  auto in = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(x);
  if (!in) throw py::error_already_set();
  py::array_t<double> out(std::vector<py::ssize_t>(in.shape(), in.shape() + in.ndim()));
  const double* src = in.data();
  double* dst = out.mutable_data();
  for (py::ssize_t i = 0; i < in.size(); ++i) dst[i] = f(src[i]);
  return out;
}

}  // namespace

Activation ResolveActivation(py::handle spec) {
  if (py::isinstance<Activation>(spec)) return spec.cast<const Activation&>();
  if (!py::isinstance<py::str>(spec)) {
    throw py::type_error(
        "an activation is a spec string such as 'elu:alpha=0.5' or an actlab.Activation, not " +
        std::string(py::str(spec.get_type().attr("__name__"))));
  }
  // Parsed specs are kept (the GIL guards the map); the map is emptied when it grows large, so
  // that generated specs cannot make it grow without bound.
  static auto* parsed = new std::unordered_map<std::string, Activation>();
  auto text = spec.cast<std::string>();
  if (auto it = parsed->find(text); it != parsed->end()) return it->second;
  Activation act = Activation::Parse(text);
  if (parsed->size() >= 1024) parsed->clear();
  return parsed->emplace(std::move(text), act).first->second;
}

py::dict InfoDict(const Info& info) {
  py::dict entry;
  entry["name"] = Str(info.name);
  entry["aliases"] = Strings(info.aliases);
  py::list params;
  for (const ParamSpec& p : info.params) {
    py::dict param;
    param["name"] = Str(p.name);
    if (p.choices.empty()) {
      param["default"] = p.default_value;
    } else {
      param["default"] = Str(p.choices[static_cast<std::size_t>(p.default_value)]);
    }
    param["min"] = p.min;
    param["max"] = p.max;
    param["min_open"] = p.min_open;
    param["max_open"] = p.max_open;
    param["choices"] = Strings(p.choices);
    param["description"] = Str(p.description);
    param["learnable"] = p.learnable;
    params.append(param);
  }
  entry["params"] = params;
  entry["formula"] = Str(info.formula);
  entry["derivative"] = Str(info.derivative);
  entry["source"] = Str(info.source);
  entry["init"] = Str(ToString(info.init));
  entry["display_name"] = Str(info.plot.display_name);
  entry["in_tutorial"] = info.plot.in_tutorial;
  py::dict bounds;
  bounds["float32_forward"] = info.accuracy.f32_forward;
  bounds["float32_backward"] = info.accuracy.f32_backward;
  bounds["float64_forward"] = info.accuracy.f64_forward;
  bounds["float64_backward"] = info.accuracy.f64_backward;
  entry["ulp_bounds"] = bounds;
  entry["kinks"] = py::list(py::cast(std::vector<double>(info.kinks.begin(), info.kinks.end())));
  entry["tutorial_tier"] = info.tutorial_tier;  // 0: not ranked by the tutorial
  entry["pytorch"] = Str(info.pytorch);
  entry["onednn"] = Str(info.onednn);
  return entry;
}

void RegisterCatalogue(py::module_& m) {
  m.def(
      "catalogue",
      [] {
        py::list entries;
        for (const Info& info : Catalogue()) entries.append(InfoDict(info));
        return entries;
      },
      "Every catalogue entry as a dict, in catalogue order.");

  py::class_<Activation>(m, "Activation", "One catalogue entry with its parameters.")
      .def(py::init([](py::handle spec, const py::kwargs& kwargs) {
             return WithKeywords(ResolveActivation(spec), kwargs);
           }),
           py::arg("spec"))
      .def_property_readonly("name", [](const Activation& a) { return Str(a.name()); })
      .def_property_readonly("spec", &Activation::ToString)
      .def_property_readonly("params", &ParamsDict)
      .def_property_readonly("info", [](const Activation& a) { return InfoDict(a.info()); })
      .def(
          "value",
          [](const Activation& a, py::handle x) {
            return Elementwise(x, [&](double v) { return a.Value(v); });
          },
          py::arg("x"))
      .def(
          "derivative",
          [](const Activation& a, py::handle x) {
            return Elementwise(x, [&](double v) { return a.Derivative(v); });
          },
          py::arg("x"))
      .def("__str__", &Activation::ToString)
      .def("__repr__", [](const Activation& a) { return "Activation('" + a.ToString() + "')"; })
      .def("__eq__", [](const Activation& a, const Activation& b) { return a == b; })
      .def("__eq__", [](const Activation&, py::handle) { return false; })
      .def("__hash__", [](const Activation& a) { return py::hash(py::str(a.ToString())); })
      .def(py::pickle(
          [](const Activation& a) { return py::make_tuple(a.ToString()); },
          [](const py::tuple& state) { return Activation::Parse(state[0].cast<std::string>()); }));
}

}  // namespace actlab::python
