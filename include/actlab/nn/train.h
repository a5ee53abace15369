// Training an MLP on an MNIST-format data set under a fixed protocol, with per-epoch metrics,
// k-fold cross-validation, and the summary that ranks activations against the tutorial's advice.
#ifndef ACTLAB_NN_TRAIN_H_
#define ACTLAB_NN_TRAIN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "actlab/activation.h"
#include "actlab/nn/data.h"
#include "actlab/nn/worker_pool.h"

namespace actlab::nn {

// The protocol. The defaults are the comparison protocol of docs/training.md (and PyTorch's in
// bench/): 784-256-128-10, Adam 1e-3, batch 128, 10 epochs, validation = the last 10,000 images.
struct TrainConfig {
  std::vector<int> hidden = {256, 128};
  int epochs = 10;
  int batch = 128;
  double lr = 1e-3;
  std::string optimizer = "adam";  // adam or sgd (momentum 0.9)
  double momentum = 0.9;
  std::optional<Init> init;  // default: the catalogue's for the activation
  double dropout = 0;        // after each hidden activation; AlphaDropout after selu
  int limit = 0;             // > 0: train on the first `limit` images of the training part
  int folds = 0;             // > 1: k-fold over all training images instead of the holdout
  int validation = 10'000;   // holdout: the last `validation` training images
};

struct EpochMetrics {
  int epoch = 0;              // 1-based
  double train_loss = 0;      // mean over the epoch's batches, in training mode
  double train_accuracy = 0;  // %, over the epoch's batches as trained
  double val_accuracy = 0;    // %, evaluation mode, after the epoch
  double test_accuracy = 0;   // %
  double seconds = 0;         // the epoch's training loop (evaluation excluded)
  double eval_seconds = 0;
};

// One training run: an activation, a seed and a fold (-1 for the holdout).
struct RunResult {
  std::string activation;  // canonical spec
  std::uint64_t seed = 0;
  int fold = -1;
  int train_size = 0, val_size = 0, test_size = 0;
  double input_mean = 0, input_std = 0;  // of the training part's pixels / 255
  std::string init;
  std::vector<std::string> layers;  // Describe() of each layer
  std::vector<EpochMetrics> epochs;
  // Frobenius norm of dL/dW of each Dense layer (input side first) during the first epoch: at its
  // first step and the mean over its steps.
  std::vector<double> gradient_norm_first_step;
  std::vector<double> gradient_norm_first_epoch;
};

// Called after every training step and after every epoch (epoch_done, with its metrics).
struct Progress {
  int epoch = 0, epochs = 0, step = 0, steps = 0;
  double loss = 0;  // running mean of the epoch so far
  double samples_per_second = 0;
  double seconds = 0;  // since the epoch began
  bool epoch_done = false;
  const EpochMetrics* metrics = nullptr;
};
using ProgressCallback = std::function<void(const Progress&)>;

// Trains one network, its work split into pool.threads() ranges on the thread pool (kernels called
// inside a range run on its thread). Same data, config, seed, fold and pool.threads():
// bit-identical results, whatever the number of threads that run the ranges.
// Throws std::invalid_argument for a config the data cannot satisfy.
RunResult TrainRun(const MnistData& data, const TrainConfig& config, const Activation& act,
                   std::uint64_t seed, int fold, WorkerPool& pool,
                   const ProgressCallback& progress = nullptr);

// The instruction set the matrix products run with on this CPU: "avx512", "avx2" or "baseline".
std::string MatrixProductTarget();

// The tutorial's ranking: 1 = ELU/SELU, 2 = leaky ReLU and its variants (rrelu, prelu), 3 = ReLU,
// 4 = tanh, 5 = logistic; 0 for activations it does not rank.
int TutorialTier(Kind kind);

// One activation's results over its seeds and folds.
struct Summary {
  std::string activation;
  int runs = 0;
  double val_mean = 0, val_std = 0;    // best-epoch validation accuracy, %, sample std (n-1)
  double test_mean = 0, test_std = 0;  // last-epoch test accuracy, %
  double seconds_per_epoch = 0;
  int tutorial_tier = 0;
  int diverged = 0;  // runs whose training loss became NaN or infinite
};
// Groups runs by activation and sorts by mean validation accuracy, best first.
std::vector<Summary> Summarise(const std::vector<RunResult>& runs);

// How the measured order agrees with the tutorial's: over the pairs of ranked activations in
// different tiers, how many the measurement orders the same way, and how many of the pairs (either
// way) are separated by more than their combined spread sqrt(std_a^2 + std_b^2) (only pairs whose
// activations both have two runs or more can be).
struct Agreement {
  int pairs = 0, agreeing = 0, separated = 0, separated_agreeing = 0;
};
Agreement CompareWithTutorial(const std::vector<Summary>& ranked);

}  // namespace actlab::nn

#endif  // ACTLAB_NN_TRAIN_H_
