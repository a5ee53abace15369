// The experiments as functions returning plain Python data: dicts of numbers, strings and numpy
// arrays (one array per column of a per-layer table).
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "actlab/accuracy.h"
#include "actlab/bench.h"
#include "actlab/meanfield.h"
#include "actlab/propagation.h"
#include "bindings.h"

namespace actlab::python {
namespace {

template <typename Row, typename F>
py::array_t<double> Column(const std::vector<Row>& rows, F field) {
  py::array_t<double> column(static_cast<py::ssize_t>(rows.size()));
  double* data = column.mutable_data();
  for (std::size_t i = 0; i < rows.size(); ++i) data[i] = static_cast<double>(field(rows[i]));
  return column;
}

ElementType ParseType(const std::string& name) {
  if (name == "float32" || name == "f32") return ElementType::kF32;
  if (name == "float64" || name == "f64") return ElementType::kF64;
  throw py::value_error("dtype='" + name + "'; allowed: 'float32', 'float64'");
}

Direction ParseDirection(const std::string& name) {
  if (name == "forward" || name == "fwd") return Direction::kForward;
  if (name == "backward" || name == "bwd") return Direction::kBackward;
  throw py::value_error("direction='" + name + "'; allowed: 'forward', 'backward'");
}

std::string TypeName(ElementType type) { return type == ElementType::kF32 ? "float32" : "float64"; }
std::string DirectionName(Direction direction) {
  return direction == Direction::kForward ? "forward" : "backward";
}

py::dict Propagate(py::handle act, int depth, int width, int batch, std::uint64_t seed,
                   const std::string& init, bool backward) {
  PropagationOptions options;
  options.act = ResolveActivation(act);
  options.depth = depth;
  options.width = width;
  options.batch = batch;
  options.seed = seed;
  options.init = WeightInit::Parse(init);
  options.backward = backward;
  options.Validate();
  PropagationResult result;
  {
    py::gil_scoped_release release;
    result = actlab::Propagate(options);
  }
  const auto& l = result.layers;
  py::dict layers;
  layers["layer"] = Column(l, [](const LayerRecord& r) { return r.layer; });
  layers["mean_min"] = Column(l, [](const LayerRecord& r) { return r.mean_min; });
  layers["mean_max"] = Column(l, [](const LayerRecord& r) { return r.mean_max; });
  layers["std_min"] = Column(l, [](const LayerRecord& r) { return r.std_min; });
  layers["std_max"] = Column(l, [](const LayerRecord& r) { return r.std_max; });
  layers["mean"] = Column(l, [](const LayerRecord& r) { return r.mean; });
  layers["std"] = Column(l, [](const LayerRecord& r) { return r.std; });
  layers["zero_fraction"] = Column(l, [](const LayerRecord& r) { return r.zero_fraction; });
  layers["grad_rms"] = Column(l, [](const LayerRecord& r) { return r.grad_rms; });
  py::list lines;
  for (const LayerRecord& r : l) lines.append(TutorialLine(r));
  py::dict out;
  out["activation"] = options.act.ToString();
  out["depth"] = depth;
  out["width"] = width;
  out["batch"] = batch;
  out["seed"] = seed;
  out["init"] = options.init.name;
  out["sigma_w2"] = options.init.sigma_w2;
  out["layers"] = layers;
  out["lines"] = lines;
  return out;
}

py::dict Theory(py::handle act_object, double sigma_w2, int depth, std::optional<double> q0,
                double sigma_b2) {
  const Activation act = ResolveActivation(act_object);
  if (depth < 0) throw py::value_error("theory: depth must be >= 0, not " + std::to_string(depth));
  if (!(sigma_w2 > 0) || !std::isfinite(sigma_w2)) {
    throw py::value_error("theory: sigma_w2 must be positive and finite, not " +
                          std::to_string(sigma_w2));
  }
  MeanFieldTheory t;
  {
    py::gil_scoped_release release;
    t = AnalyzeMeanField(act, sigma_w2, depth, q0.value_or(-1), sigma_b2);
  }
  static constexpr const char* kKinds[] = {"stable", "marginal", "collapse", "diverge"};
  const auto& l = t.layers;
  py::dict layers;
  layers["layer"] = Column(l, [](const MeanFieldLayer& r) { return r.layer; });
  layers["q"] = Column(l, [](const MeanFieldLayer& r) { return r.q; });
  layers["mean"] = Column(l, [](const MeanFieldLayer& r) { return r.mean; });
  layers["second_moment"] = Column(l, [](const MeanFieldLayer& r) { return r.second_moment; });
  layers["std"] = Column(l, [](const MeanFieldLayer& r) { return r.std; });
  layers["chi"] = Column(l, [](const MeanFieldLayer& r) { return r.chi; });
  layers["grad_rms"] = Column(l, [](const MeanFieldLayer& r) { return r.grad_rms; });
  py::dict out;
  out["activation"] = t.act.ToString();
  out["sigma_w2"] = t.sigma_w2;
  out["sigma_b2"] = t.sigma_b2;
  out["q0"] = t.q0;
  out["kind"] = kKinds[static_cast<int>(t.kind)];
  out["status"] = t.status;
  out["q_star"] = t.q_star;
  out["map_slope"] = t.map_slope;
  out["chi_1"] = t.chi_1;
  out["mean_at_q_star"] = t.mean_at_q_star;
  out["depth_scale"] = t.depth_scale;
  out["layers"] = layers;
  return out;
}

py::dict SeluConstantsDict(int digits) {
  if (digits < 1 || digits > 70)
    throw py::value_error("selu_constants: digits must be in [1, 70], not " +
                          std::to_string(digits));
  const SeluConstants c = DeriveSeluConstants(digits);
  py::dict out;
  out["alpha"] = c.alpha;
  out["scale"] = c.scale;
  out["tutorial_alpha"] = c.tutorial_alpha;
  out["tutorial_scale"] = c.tutorial_scale;
  out["alpha_difference"] = c.alpha_difference;
  out["scale_difference"] = c.scale_difference;
  return out;
}

py::dict Accuracy(py::handle act_object, const std::string& dtype, const std::string& direction,
                  std::uint64_t samples, std::uint64_t seed, bool exhaustive) {
  const Activation act = ResolveActivation(act_object);
  AccuracyOptions options;
  options.type = ParseType(dtype);
  options.direction = ParseDirection(direction);
  options.samples = samples;
  options.seed = seed;
  options.exhaustive = exhaustive;
  if (exhaustive && options.type != ElementType::kF32) {
    throw py::value_error("accuracy: exhaustive sweeps are for float32 only");
  }
  AccuracyReport r;
  {
    py::gil_scoped_release release;
    r = MeasureAccuracy(act, options);
  }
  py::dict out;
  out["activation"] = r.activation;
  out["dtype"] = TypeName(r.type);
  out["direction"] = DirectionName(r.direction);
  out["inputs"] = r.inputs;
  out["max_ulp"] = r.max_ulp;
  out["worst_input"] = r.worst_input;
  out["mean_ulp"] = r.mean_ulp;
  out["nan_mistakes"] = r.nan_mistakes;
  out["inf_mistakes"] = r.inf_mistakes;
  out["flush_mistakes"] = r.flush_mistakes;
  out["zero_sign_mistakes"] = r.zero_sign_mistakes;
  out["bound"] = r.bound;
  out["passes"] = r.Passes();
  return out;
}

py::list Bench(std::optional<std::vector<py::object>> acts,
               const std::vector<std::string>& directions, const std::vector<std::string>& dtypes,
               const std::vector<std::size_t>& sizes, int threads, int repetitions,
               double min_sample_seconds, const std::function<void(const std::string&)>& progress) {
  BenchOptions options;
  if (acts) {
    for (const py::object& a : *acts) options.acts.push_back(ResolveActivation(a));
  }
  options.directions.clear();
  for (const auto& d : directions) options.directions.push_back(ParseDirection(d));
  options.types.clear();
  for (const auto& t : dtypes) options.types.push_back(ParseType(t));
  options.sizes = sizes;
  options.threads = threads;
  options.repetitions = repetitions;
  options.min_sample_ns = min_sample_seconds * 1e9;
  std::vector<BenchResult> results;
  {
    py::gil_scoped_release release;
    std::function<void(const std::string&)> report;
    if (progress) {
      report = [&progress](const std::string& line) {
        py::gil_scoped_acquire acquire;
        progress(line);
      };
    }
    results = RunBench(options, report);
  }
  py::list out;
  for (const BenchResult& r : results) {
    py::dict row;
    row["activation"] = r.act.ToString();
    row["direction"] = DirectionName(r.direction);
    row["dtype"] = TypeName(r.type);
    row["size"] = r.size;
    row["threads"] = r.threads;
    row["elements_per_ns"] = r.elements_per_ns;
    row["median_elements_per_ns"] = r.median_elements_per_ns;
    row["gb_per_s"] = r.gb_per_s;
    row["copy_elements_per_ns"] = r.copy_elements_per_ns;
    row["memcpy_elements_per_ns"] = r.memcpy_elements_per_ns;
    row["onednn_elements_per_ns"] = r.onednn_elements_per_ns
                                        ? py::object(py::float_(*r.onednn_elements_per_ns))
                                        : py::object(py::none());
    out.append(row);
  }
  return out;
}

}  // namespace

void RegisterExperiments(py::module_& m) {
  m.def(
      "propagate", &Propagate, py::arg("act") = "selu", py::kw_only(), py::arg("depth") = 100,
      py::arg("width") = 100, py::arg("batch") = 500, py::arg("seed") = 42,
      py::arg("init") = "lecun", py::arg("backward") = true,
      "The tutorial's deep-network experiment: a dict with the per-layer statistics (numpy arrays\n"
      "under 'layers') and the tutorial's printed lines (under 'lines').");
  m.def(
      "theory", &Theory, py::arg("act"), py::kw_only(), py::arg("sigma_w2") = 1.0,
      py::arg("depth") = 100, py::arg("q0") = py::none(), py::arg("sigma_b2") = 0.0,
      "Mean-field theory: fixed point q*, chi_1, depth scale and per-layer predictions (a dict).");
  m.def("selu_constants", &SeluConstantsDict, py::kw_only(), py::arg("digits") = 40,
        "SELU's alpha and scale derived with MPFR, beside the tutorial's (decimal strings).");
  m.def("accuracy", &Accuracy, py::arg("act"), py::kw_only(), py::arg("dtype") = "float32",
        py::arg("direction") = "forward", py::arg("samples") = std::uint64_t{1} << 16,
        py::arg("seed") = std::uint64_t{20261126}, py::arg("exhaustive") = false,
        "The kernel's error in ulp against the extended-precision reference (a dict).");
  m.def("bench", &Bench, py::arg("acts") = py::none(), py::kw_only(),
        py::arg("directions") = std::vector<std::string>{"forward", "backward"},
        py::arg("dtypes") = std::vector<std::string>{"float32", "float64"},
        py::arg("sizes") = std::vector<std::size_t>{std::size_t{256} << 10}, py::arg("threads") = 1,
        py::arg("repetitions") = 5, py::arg("min_sample_seconds") = 1e-3,
        py::arg("progress") = nullptr,
        "Kernel throughput beside a copy loop, memcpy and oneDNN: one dict per case.");
}

}  // namespace actlab::python
