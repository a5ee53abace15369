#include "actlab/figures/experiments.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <vector>

namespace actlab::plot {

Figure PropagationFigure(std::span<const PropagationResult> runs,
                         std::span<const MeanFieldTheory> theory) {
  if (runs.empty()) throw std::invalid_argument("PropagationFigure: no runs to draw");
  if (!theory.empty() && theory.size() != runs.size()) {
    throw std::invalid_argument("PropagationFigure: one theory per run, or none");
  }
  Figure figure(10, 9);  // wide enough to tell the layers and the activations apart
  GridSpacing spacing;
  spacing.top = 0.94;
  spacing.bottom = 0.08;
  spacing.vertical_space = 0.3;
  Axes& top = figure.AddSubplot(2, 1, 0, spacing);
  Axes& bottom = figure.AddSubplot(2, 1, 1, spacing);
  double std_max = 0;
  bool any_gradient = false;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const PropagationResult& run = runs[r];
    const Color color = Tab10(static_cast<int>(r));
    std::vector<double> layer, low, high, overall, gradient, gradient_layer;
    for (const LayerRecord& record : run.layers) {
      layer.push_back(record.layer);
      low.push_back(record.std_min);
      high.push_back(record.std_max);
      overall.push_back(record.std);
      std_max = std::max(std_max, record.std_max);
      if (std::isfinite(record.grad_rms) && record.grad_rms > 0) {
        gradient_layer.push_back(record.layer);
        gradient.push_back(record.grad_rms);
      }
    }
    top.FillBetween(layer, low, high, color.WithAlpha(0.2));
    top.Plot(layer, overall, color, LineStyle::kSolid, 1.5, run.options.act.ToString());
    if (!gradient.empty()) {
      bottom.Plot(gradient_layer, gradient, color, LineStyle::kSolid, 1.5,
                  run.options.act.ToString());
      any_gradient = true;
    }
    if (theory.empty()) continue;
    std::vector<double> predicted_layer, predicted_std, predicted_gradient_layer,
        predicted_gradient;
    for (const MeanFieldLayer& predicted : theory[r].layers) {
      if (predicted.layer >= static_cast<int>(run.layers.size())) break;
      predicted_layer.push_back(predicted.layer);
      predicted_std.push_back(predicted.std);
      if (std::isfinite(predicted.grad_rms) && predicted.grad_rms > 0) {
        predicted_gradient_layer.push_back(predicted.layer);
        predicted_gradient.push_back(predicted.grad_rms);
      }
    }
    top.Plot(predicted_layer, predicted_std, color, LineStyle::kDashed, 1.2);
    if (!predicted_gradient.empty()) {
      bottom.Plot(predicted_gradient_layer, predicted_gradient, color, LineStyle::kDashed, 1.2);
    }
  }
  const double depth = static_cast<double>(runs.front().layers.size());
  top.SetXLimits(0, std::max(1.0, depth - 1));
  top.SetYLimits(0, std::max(0.1, std_max * 1.1));
  top.SetTitle("Per-sample std across units: band min..max, line overall, dashed theory", 11);
  top.SetYLabel("std of activations", 11);
  top.SetXInteger(true);
  top.SetGrid(true);
  top.ShowLegend();
  bottom.SetXLimits(0, std::max(1.0, depth - 1));
  bottom.SetYScale(Scale::kLog10);
  bottom.SetTitle("Backward: rms of d loss / d Z per layer (log scale), dashed theory", 11);
  bottom.SetXLabel("layer", 11);
  bottom.SetXInteger(true);
  bottom.SetYLabel("gradient rms", 11);
  bottom.SetGrid(true);
  if (any_gradient) bottom.ShowLegend();
  return figure;
}

Figure LearningCurveFigure(std::span<const Curve> curves, const std::string& title,
                           const std::string& y_label) {
  if (curves.empty()) throw std::invalid_argument("LearningCurveFigure: no curves to draw");
  Figure figure;
  Axes& axes = figure.AddAxes();
  std::map<std::string, int> colours;
  double x_min = 1e300, x_max = -1e300, y_min = 1e300, y_max = -1e300;
  for (const Curve& curve : curves) {
    const bool first = !colours.count(curve.label);
    if (first) colours.emplace(curve.label, static_cast<int>(colours.size()));
    axes.Plot(curve.x, curve.y, Tab10(colours.at(curve.label)), LineStyle::kSolid, 1.5,
              first ? curve.label : std::string());
    for (double x : curve.x) x_min = std::min(x_min, x), x_max = std::max(x_max, x);
    for (double y : curve.y) y_min = std::min(y_min, y), y_max = std::max(y_max, y);
  }
  if (x_max > x_min) axes.SetXLimits(x_min, x_max);
  if (y_max > y_min) {
    const double pad = 0.05 * (y_max - y_min);
    axes.SetYLimits(y_min - pad, y_max + pad);
  }
  axes.SetTitle(title, 12);
  axes.SetXLabel("epoch", 12);
  axes.SetXInteger(true);
  axes.SetYLabel(y_label, 12);
  axes.SetGrid(true);
  axes.ShowLegend();
  return figure;
}

Figure TrainingFigure(const std::vector<nn::RunResult>& runs, const std::string& title) {
  std::vector<Curve> curves;
  for (const nn::RunResult& run : runs) {
    Curve& curve = curves.emplace_back();
    curve.label = run.activation;
    for (const nn::EpochMetrics& epoch : run.epochs) {
      curve.x.push_back(epoch.epoch);
      curve.y.push_back(epoch.val_accuracy);
    }
  }
  return LearningCurveFigure(curves, title);
}

}  // namespace actlab::plot
