#include "actlab/nn/comparison.h"

#include "actlab/nn/worker_pool.h"

namespace actlab::nn {

std::vector<RunResult> RunComparison(const MnistData& data, const ComparisonOptions& options,
                                     const ComparisonProgress& progress) {
  WorkerPool pool(options.threads);
  const int folds = options.config.folds > 1 ? options.config.folds : 1;
  const int total = static_cast<int>(options.activations.size() * options.seeds.size()) * folds;
  std::vector<RunResult> runs;
  for (std::size_t a = 0; a < options.activations.size(); ++a) {
    for (const std::uint64_t seed : options.seeds) {
      for (int f = 0; f < folds; ++f) {
        const int fold = options.config.folds > 1 ? f : -1;
        if (progress.run_started) {
          progress.run_started({a, seed, fold, static_cast<int>(runs.size()), total});
        }
        runs.push_back(TrainRun(data, options.config, options.activations[a], seed, fold, pool,
                                progress.step));
      }
    }
  }
  return runs;
}

}  // namespace actlab::nn
