// The catalogue's figures: the tutorial figure of an activation (from its plot hints), comparisons,
// the gallery of every entry, and the saturation figure.
#ifndef ACTLAB_FIGURES_ACTIVATIONS_H_
#define ACTLAB_FIGURES_ACTIVATIONS_H_

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "actlab/activation.h"
#include "actlab/plot/figure.h"

namespace actlab::plot {

// The activations drawn by `actlab plot --tutorial` (hints with in_tutorial), in catalogue order.
std::vector<Kind> TutorialKinds();

// The activation a tutorial figure draws: the hints' figure_spec, or the defaults.
Activation TutorialActivation(Kind kind);

// The tutorial-style figure of an activation, all from its plot hints: title
// "<display_name> activation function", the hints' ranges, solid x = 0 and y = 0 lines, dashed
// lines at the finite asymptotes f(-inf), f(+inf) other than 0, the hints' annotations, a grid, and
// the curve.
Figure TutorialFigure(Kind kind);

struct ComparisonOptions {
  bool derivative = false;  // also draw each f' dashed in the same colour
  std::optional<std::pair<double, double>> x_range, y_range;  // default: hints' x, data's y
  std::string title;  // empty: a title made from the activations
};
// Several activations on one axes with a legend (none for a single curve without derivative).
// Throws std::invalid_argument when `acts` is empty or a range is empty or reversed.
Figure ComparisonFigure(std::span<const Activation> acts, const ComparisonOptions& options = {});

// Small multiples of every catalogue entry: f solid and f' dashed, over the hints' ranges.
Figure GalleryFigure();

// The derivative threshold below which a unit counts as saturated in SaturationFigure.
inline constexpr double kSaturationThreshold = 0.05;
// Derivatives of sigmoid, tanh, relu, elu and selu on one axes, with one shaded strip per
// activation over the x where |f'| < kSaturationThreshold.
Figure SaturationFigure();

// The x intervals of [x_min, x_max] where |act'(x)| < threshold, sampled on `samples` points.
std::vector<std::pair<double, double>> SaturatedIntervals(const Activation& act, double x_min,
                                                          double x_max, double threshold,
                                                          int samples = 2001);

}  // namespace actlab::plot

#endif  // ACTLAB_FIGURES_ACTIVATIONS_H_
