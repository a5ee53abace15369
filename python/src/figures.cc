// Figures as Python objects: PNG, SVG and PDF bytes, a file, and the _repr_png_ / _repr_svg_ that
// Jupyter calls to show a figure inline.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actlab/figures/activations.h"
#include "actlab/figures/experiments.h"
#include "actlab/meanfield.h"
#include "actlab/plot/figure.h"
#include "actlab/plot/save.h"
#include "actlab/propagation.h"
#include "bindings.h"

namespace actlab::python {
namespace {

using plot::Figure;
using plot::ImageFormat;

py::bytes Render(const Figure& figure, ImageFormat format, double dpi) {
  if (!(dpi >= 10 && dpi <= 1200))
    throw py::value_error("dpi must be in [10, 1200], not " + std::to_string(dpi));
  std::string data;
  {
    py::gil_scoped_release release;
    data = plot::RenderFigure(figure, format, dpi);
  }
  return {data};
}

std::vector<Activation> Activations(const py::args& specs) {
  std::vector<Activation> acts;
  for (py::handle spec : specs) {
    if (py::isinstance<py::list>(spec) || py::isinstance<py::tuple>(spec)) {
      for (py::handle inner : spec) acts.push_back(ResolveActivation(inner));
    } else {
      acts.push_back(ResolveActivation(spec));
    }
  }
  return acts;
}

Figure Plot(const py::args& specs, bool derivative,
            std::optional<std::pair<double, double>> x_range,
            std::optional<std::pair<double, double>> y_range, const std::string& title) {
  const std::vector<Activation> acts = Activations(specs);
  if (acts.empty()) throw py::value_error("plot: name at least one activation");
  plot::ComparisonOptions options;
  options.derivative = derivative;
  options.x_range = x_range;
  options.y_range = y_range;
  options.title = title;
  return plot::ComparisonFigure(acts, options);
}

Figure NamedFigure(const std::string& name, py::handle act, const std::vector<py::object>& acts,
                   const std::string& init, int depth, int width, int batch, std::uint64_t seed,
                   bool with_theory) {
  if (name == "tutorial") {
    if (act.is_none()) throw py::value_error("figure('tutorial') needs act=, e.g. act='selu'");
    return plot::TutorialFigure(ResolveActivation(act).kind());
  }
  if (name == "gallery") return plot::GalleryFigure();
  if (name == "saturation") return plot::SaturationFigure();
  if (name == "propagation") {
    std::vector<Activation> chosen;
    for (const py::object& a : acts) chosen.push_back(ResolveActivation(a));
    if (!act.is_none()) chosen.push_back(ResolveActivation(act));
    if (chosen.empty()) chosen.emplace_back(Kind::kSelu);
    const WeightInit weights = WeightInit::Parse(init);
    py::gil_scoped_release release;
    std::vector<PropagationResult> runs;
    std::vector<MeanFieldTheory> theory;
    for (const Activation& a : chosen) {
      PropagationOptions options;
      options.act = a;
      options.depth = depth;
      options.width = width;
      options.batch = batch;
      options.seed = seed;
      options.init = weights;
      options.Validate();
      runs.push_back(Propagate(options));
      if (with_theory) theory.push_back(AnalyzeMeanField(a, weights.sigma_w2, depth));
    }
    return plot::PropagationFigure(runs, theory);
  }
  throw py::value_error("figure: '" + name +
                        "'; allowed: 'tutorial', 'gallery', 'saturation', 'propagation'");
}

}  // namespace

void RegisterFigures(py::module_& m) {
  py::class_<Figure>(m, "Figure", "A figure drawn by actlab; shown inline by Jupyter.")
      .def_property_readonly("width_in", &Figure::width_in)
      .def_property_readonly("height_in", &Figure::height_in)
      .def_property_readonly("title",
                             [](const Figure& f) {
                               std::string title = f.title();
                               for (const auto& axes : f.axes()) {
                                 if (title.empty()) title = axes.title();
                               }
                               return title;
                             })
      .def(
          "png", [](const Figure& f, double dpi) { return Render(f, ImageFormat::kPng, dpi); },
          py::arg("dpi") = 100.0)
      .def("svg", [](const Figure& f) { return Render(f, ImageFormat::kSvg, 72); })
      .def("pdf", [](const Figure& f) { return Render(f, ImageFormat::kPdf, 72); })
      .def(
          "save",
          [](const Figure& f, const std::filesystem::path& path, double dpi) {
            py::gil_scoped_release release;
            plot::SaveFigure(f, path, dpi);
          },
          py::arg("path"), py::arg("dpi") = 100.0)
      .def("_repr_png_", [](const Figure& f) { return Render(f, ImageFormat::kPng, 100); })
      .def("_repr_svg_", [](const Figure& f) {
        const py::bytes svg = Render(f, ImageFormat::kSvg, 72);
        return py::str(std::string(svg));
      });

  m.def("plot", &Plot, py::arg("derivative") = false, py::arg("x_range") = py::none(),
        py::arg("y_range") = py::none(), py::arg("title") = "",
        "Activations on one axes (f' dashed with derivative=True), as a Figure.");
  m.def(
      "figure", &NamedFigure, py::arg("name"), py::kw_only(), py::arg("act") = py::none(),
      py::arg("acts") = std::vector<py::object>{}, py::arg("init") = "lecun",
      py::arg("depth") = 100, py::arg("width") = 100, py::arg("batch") = 500, py::arg("seed") = 42,
      py::arg("theory") = true,
      "A named figure: 'tutorial' (with act=), 'gallery', 'saturation' or 'propagation' (acts=).");
}

}  // namespace actlab::python
