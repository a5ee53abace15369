// The comparison of activations under the training protocol: every activation, seed and fold
// trained in turn. The loop of `actlab train` and of the report's training section.
#ifndef ACTLAB_NN_COMPARISON_H_
#define ACTLAB_NN_COMPARISON_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "actlab/activation.h"
#include "actlab/nn/data.h"
#include "actlab/nn/train.h"

namespace actlab::nn {

struct ComparisonOptions {
  std::vector<Activation> activations;
  std::vector<std::uint64_t> seeds = {0};
  TrainConfig config;  // config.folds > 1: every fold of each seed; else the holdout
  int threads = 1;     // the ranges each step is split into (WorkerPool)
};

// Said before each run.
struct RunStart {
  std::size_t activation = 0;  // index into ComparisonOptions::activations
  std::uint64_t seed = 0;
  int fold = -1;  // -1: the holdout
  int index = 0;  // runs finished before this one
  int total = 0;  // runs in the comparison
};

struct ComparisonProgress {
  std::function<void(const RunStart&)> run_started;
  ProgressCallback step;  // each run's progress (TrainRun's)
};

// The runs of a comparison, in its order: options.activations x options.seeds x folds (activation
// outermost); index and total filled in.
std::vector<RunStart> ComparisonRuns(const ComparisonOptions& options);

// Trains options.activations x options.seeds x folds, in that order (activation outermost), and
// returns the runs in the same order. Throws what TrainRun throws.
std::vector<RunResult> RunComparison(const MnistData& data, const ComparisonOptions& options,
                                     const ComparisonProgress& progress = {});

}  // namespace actlab::nn

#endif  // ACTLAB_NN_COMPARISON_H_
