#include "actlab/nn/comparison.h"

#include "actlab/nn/worker_pool.h"

namespace actlab::nn {

std::vector<RunStart> ComparisonRuns(const ComparisonOptions& options) {
  const int folds = options.config.folds > 1 ? options.config.folds : 1;
  const int total = static_cast<int>(options.activations.size() * options.seeds.size()) * folds;
  std::vector<RunStart> runs;
  runs.reserve(static_cast<std::size_t>(total));
  for (std::size_t a = 0; a < options.activations.size(); ++a) {
    for (const std::uint64_t seed : options.seeds) {
      for (int f = 0; f < folds; ++f) {
        const int fold = options.config.folds > 1 ? f : -1;
        runs.push_back({a, seed, fold, static_cast<int>(runs.size()), total});
      }
    }
  }
  return runs;
}

std::vector<RunResult> RunComparison(const MnistData& data, const ComparisonOptions& options,
                                     const ComparisonProgress& progress) {
  WorkerPool pool(options.threads);
  std::vector<RunResult> runs;
  for (const RunStart& start : ComparisonRuns(options)) {
    if (progress.run_started) progress.run_started(start);
    runs.push_back(TrainRun(data, options.config, options.activations[start.activation], start.seed,
                            start.fold, pool, progress.step));
  }
  return runs;
}

}  // namespace actlab::nn
