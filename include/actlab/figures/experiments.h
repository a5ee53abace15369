// Figures of the experiments: the deep-network propagation beside mean-field theory.
#ifndef ACTLAB_FIGURES_EXPERIMENTS_H_
#define ACTLAB_FIGURES_EXPERIMENTS_H_

#include <span>
#include <string>
#include <vector>

#include "actlab/meanfield.h"
#include "actlab/nn/train.h"
#include "actlab/plot/figure.h"
#include "actlab/propagation.h"

namespace actlab::plot {

// Two panels over depth, one colour per run: above, the band of per-sample std (min..max) with the
// overall std as a line and the mean-field prediction dashed; below, grad_rms on a log scale with
// the predicted gradient rms dashed. `theory` is empty or one entry per run, in the same order.
// Throws std::invalid_argument when `runs` is empty or the sizes differ.
Figure PropagationFigure(std::span<const PropagationResult> runs,
                         std::span<const MeanFieldTheory> theory = {});

// A named curve of a training run: y (validation accuracy, %) against x (epoch).
struct Curve {
  std::string label;
  std::vector<double> x, y;
};

// Learning curves, one colour per label; curves that share a label (seeds, folds) share a colour,
// the first of them carrying the legend entry. Throws std::invalid_argument when `curves` is empty.
Figure LearningCurveFigure(std::span<const Curve> curves, const std::string& title,
                           const std::string& y_label = "validation accuracy (%)");

// Learning curves of training runs: validation accuracy per epoch, one colour per activation.
Figure TrainingFigure(const std::vector<nn::RunResult>& runs, const std::string& title);

}  // namespace actlab::plot

#endif  // ACTLAB_FIGURES_EXPERIMENTS_H_
