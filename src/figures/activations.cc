// The catalogue's figures, built from the plot hints only: no code is special to one activation.
#include "actlab/figures/activations.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>

namespace actlab::plot {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Sample points over [a, b], with 0 added where it is inside (the kink of the relu family).
std::vector<double> SamplePoints(double a, double b, int n = 401) {
  std::vector<double> xs = Linspace(a, b, n);
  if (a < 0 && b > 0 && std::find(xs.begin(), xs.end(), 0.0) == xs.end()) {
    xs.insert(std::upper_bound(xs.begin(), xs.end(), 0.0), 0.0);
  }
  return xs;
}

std::vector<double> Values(const Activation& act, const std::vector<double>& xs) {
  std::vector<double> ys;
  ys.reserve(xs.size());
  for (double x : xs) ys.push_back(act.Value(x));
  return ys;
}

std::vector<double> Derivatives(const Activation& act, const std::vector<double>& xs) {
  std::vector<double> ys;
  ys.reserve(xs.size());
  for (double x : xs) ys.push_back(act.Derivative(x));
  return ys;
}

// The finite limits f(-inf), f(+inf) other than 0, each once.
std::vector<double> Asymptotes(const Activation& act) {
  std::vector<double> levels;
  for (double x : {-kInf, kInf}) {
    const double y = act.Value(x);
    if (std::isfinite(y) && y != 0 && std::find(levels.begin(), levels.end(), y) == levels.end()) {
      levels.push_back(y);
    }
  }
  return levels;
}

void CheckRange(const char* name, const std::optional<std::pair<double, double>>& range) {
  if (range && !(std::isfinite(range->first) && std::isfinite(range->second) &&
                 range->first < range->second)) {
    throw std::invalid_argument(std::string(name) +
                                " range is empty or reversed; allowed: A:B with A < B");
  }
}

std::string Title(const Info& info) {
  return std::string(info.plot.display_name) + " activation function";
}

}  // namespace

std::vector<Kind> TutorialKinds() {
  std::vector<Kind> kinds;
  for (const Info& info : Catalogue()) {
    if (info.plot.in_tutorial) kinds.push_back(info.kind);
  }
  return kinds;
}

Activation TutorialActivation(Kind kind) {
  const PlotHints& hints = InfoOf(kind).plot;
  return hints.figure_spec.empty() ? Activation(kind) : Activation::Parse(hints.figure_spec);
}

Figure TutorialFigure(Kind kind) {
  const Info& info = InfoOf(kind);
  const PlotHints& hints = info.plot;
  const Activation act = TutorialActivation(kind);
  Figure figure;
  Axes& axes = figure.AddAxes();
  axes.HorizontalLine(0);
  axes.VerticalLine(0);
  for (double level : Asymptotes(act)) axes.HorizontalLine(level, kBlack, LineStyle::kDashed);
  const std::vector<double> xs = SamplePoints(hints.x_min, hints.x_max);
  axes.Plot(xs, Values(act, xs), kPureBlue, LineStyle::kSolid, 2, act.ToString());
  for (const AnnotationHint& note : hints.annotations) {
    axes.Annotate(std::string(note.text), {note.text_x, note.text_y},
                  {note.target_x, note.target_y});
  }
  axes.SetXLimits(hints.x_min, hints.x_max);
  if (hints.y_min < hints.y_max) axes.SetYLimits(hints.y_min, hints.y_max);
  axes.SetTitle(Title(info));
  axes.SetGrid(true);
  return figure;
}

Figure ComparisonFigure(std::span<const Activation> acts, const ComparisonOptions& options) {
  if (acts.empty()) throw std::invalid_argument("plot: name at least one activation");
  CheckRange("x", options.x_range);
  CheckRange("y", options.y_range);
  double x_min = kInf, x_max = -kInf;
  for (const Activation& act : acts) {
    x_min = std::min(x_min, act.info().plot.x_min);
    x_max = std::max(x_max, act.info().plot.x_max);
  }
  if (options.x_range) std::tie(x_min, x_max) = *options.x_range;
  Figure figure;
  Axes& axes = figure.AddAxes();
  axes.HorizontalLine(0, kBlack, LineStyle::kSolid, 0.8);
  axes.VerticalLine(0, kBlack, LineStyle::kSolid, 0.8);
  const std::vector<double> xs = SamplePoints(x_min, x_max, 801);
  for (std::size_t i = 0; i < acts.size(); ++i) {
    const Color color = Tab10(static_cast<int>(i));
    axes.Plot(xs, Values(acts[i], xs), color, LineStyle::kSolid, 2, acts[i].ToString());
    if (options.derivative) {
      axes.Plot(xs, Derivatives(acts[i], xs), color, LineStyle::kDashed, 1.5,
                acts[i].ToString() + "\u2032");
    }
  }
  axes.SetXLimits(x_min, x_max);
  const PlotHints& hints = acts[0].info().plot;
  if (options.y_range) {
    axes.SetYLimits(options.y_range->first, options.y_range->second);
  } else if (acts.size() == 1 && !options.derivative && hints.y_min < hints.y_max &&
             !options.x_range) {
    axes.SetYLimits(hints.y_min, hints.y_max);
  }
  std::string title = options.title;
  if (title.empty()) {
    if (acts.size() == 1 && !options.derivative) {
      title = acts[0] == Activation(acts[0].kind()) ? Title(acts[0].info()) : acts[0].ToString();
    } else {
      title = options.derivative ? "Activation functions (solid) and derivatives (dashed)"
                                 : "Activation functions";
    }
  }
  axes.SetTitle(title);
  axes.SetXLabel("x");
  axes.SetYLabel(options.derivative ? "f(x), f\u2032(x)" : "f(x)");
  axes.SetGrid(true);
  if (acts.size() > 1 || options.derivative) axes.ShowLegend();
  return figure;
}

Figure GalleryFigure() {
  const auto catalogue = Catalogue();
  const int count = static_cast<int>(catalogue.size());
  const int cols = 5, rows = (count + cols - 1) / cols;
  Figure figure(16, 3.1 * rows + 0.6);
  figure.SetTitle("The actlab catalogue: f(x) solid, f\u2032(x) dashed", 18);
  GridSpacing spacing{.left = 0.035,
                      .right = 0.99,
                      .bottom = 0.03,
                      .top = 0.92,
                      .horizontal_space = 0.22,
                      .vertical_space = 0.4};
  for (int i = 0; i < count; ++i) {
    const Info& info = catalogue[static_cast<std::size_t>(i)];
    const Activation act(info.kind);
    Axes& axes = figure.AddSubplot(rows, cols, i, spacing);
    axes.HorizontalLine(0, kBlack, LineStyle::kSolid, 0.8);
    axes.VerticalLine(0, kBlack, LineStyle::kSolid, 0.8);
    for (double level : Asymptotes(act))
      axes.HorizontalLine(level, kBlack, LineStyle::kDashed, 0.8);
    const std::vector<double> xs = SamplePoints(info.plot.x_min, info.plot.x_max);
    const std::vector<double> fs = Values(act, xs), ds = Derivatives(act, xs);
    axes.Plot(xs, fs, Tab10(0), LineStyle::kSolid, 2, "f");
    axes.Plot(xs, ds, Tab10(1), LineStyle::kDashed, 1.5, "f\u2032");
    axes.SetXLimits(info.plot.x_min, info.plot.x_max);
    if (info.plot.y_min < info.plot.y_max) {
      const auto [d_min, d_max] = std::minmax_element(ds.begin(), ds.end());
      double lo = info.plot.y_min, hi = info.plot.y_max;
      const double pad = 0.05 * (hi - lo);
      if (*d_min < lo) lo = *d_min - pad;
      if (*d_max > hi) hi = *d_max + pad;
      axes.SetYLimits(lo, hi);
    }
    axes.SetTitle(std::string(info.name), 13);
    axes.SetTickLabelSize(10);
    axes.SetGrid(true);
  }
  return figure;
}

std::vector<std::pair<double, double>> SaturatedIntervals(const Activation& act, double x_min,
                                                          double x_max, double threshold,
                                                          int samples) {
  auto saturated = [&](double x) { return std::abs(act.Derivative(x)) < threshold; };
  // The boundary between a saturated and an unsaturated sample, by bisection.
  auto edge = [&](double a, double b) {
    const bool at_a = saturated(a);
    for (int i = 0; i < 60; ++i) {
      const double mid = (a + b) / 2;
      (saturated(mid) == at_a ? a : b) = mid;
    }
    return (a + b) / 2;
  };
  const std::vector<double> xs = Linspace(x_min, x_max, samples);
  std::vector<std::pair<double, double>> intervals;
  bool inside = false;
  double start = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const bool now = saturated(xs[i]);
    if (now && !inside) start = i == 0 ? xs[0] : edge(xs[i - 1], xs[i]);
    if (!now && inside) intervals.emplace_back(start, edge(xs[i - 1], xs[i]));
    inside = now;
  }
  if (inside) intervals.emplace_back(start, xs.back());
  return intervals;
}

Figure SaturationFigure() {
  const char* specs[] = {"sigmoid", "tanh", "relu", "elu", "selu"};
  constexpr double x_min = -5, x_max = 5;
  constexpr double kStrip = 0.1, kGap = 0.04, kTop = -0.08;
  constexpr int n = 5;
  Figure figure;
  Axes& axes = figure.AddAxes();
  axes.HorizontalLine(0, kBlack, LineStyle::kSolid, 0.8);
  axes.VerticalLine(0, kBlack, LineStyle::kSolid, 0.8);
  const std::vector<double> xs = SamplePoints(x_min, x_max, 801);
  for (int i = 0; i < n; ++i) {
    const Activation act = Activation::Parse(specs[i]);
    const Color color = Tab10(i);
    axes.Plot(xs, Derivatives(act, xs), color, LineStyle::kSolid, 2, act.ToString() + "\u2032");
    // One strip per activation under the axis, shaded where it saturates.
    const double top = kTop - i * (kStrip + kGap), bottom = top - kStrip;
    const auto intervals = SaturatedIntervals(act, x_min, x_max, kSaturationThreshold);
    for (const auto& [a, b] : intervals) {
      const double band_x[] = {a, b}, band_lo[] = {bottom, bottom}, band_hi[] = {top, top};
      axes.FillBetween(band_x, band_lo, band_hi, color.WithAlpha(0.45));
    }
    // The strip's name goes in its widest unshaded gap, right of x = 0 when the gap spans it.
    double gap_from = x_min, gap_to = x_min, previous = x_min;
    for (std::size_t k = 0; k <= intervals.size(); ++k) {
      const double next = k < intervals.size() ? intervals[k].first : x_max;
      if (next - previous > gap_to - gap_from)
        std::tie(gap_from, gap_to) = std::pair{previous, next};
      if (k < intervals.size()) previous = intervals[k].second;
    }
    if (gap_to > 0) gap_from = std::max(gap_from, 0.0);
    Text& name = axes.AddText(std::string(act.name()),
                              {(gap_from + gap_to) / 2, (top + bottom) / 2}, Coords::kData, 9);
    name.h_align = HAlign::kCenter;
    name.v_align = VAlign::kCenter;
    name.color = color;
  }
  axes.SetXLimits(x_min, x_max);
  axes.SetYLimits(kTop - n * (kStrip + kGap) + kGap - 0.06, 2.0);
  axes.SetTitle("Where gradients vanish: |f\u2032(x)| < 0.05 shaded");
  axes.SetXLabel("x");
  axes.SetYLabel("f\u2032(x)");
  axes.SetGrid(true);
  axes.ShowLegend(LegendLocation::kUpperLeft);
  return figure;
}

}  // namespace actlab::plot
