#include "actlab/nn/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

#include "actlab/nn/network.h"
#include "actlab/nn/optimizer.h"
#include "linalg/gemm.h"

namespace actlab::nn {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Which training images train and which validate.
struct Split {
  std::vector<int> train, val;
};

Split MakeSplit(int total, const TrainConfig& config, int fold) {
  Split split;
  int val_begin, val_end;
  if (fold >= 0) {
    val_begin = static_cast<int>(static_cast<long>(total) * fold / config.folds);
    val_end = static_cast<int>(static_cast<long>(total) * (fold + 1) / config.folds);
  } else {
    if (config.validation < 1 || config.validation >= total) {
      throw std::invalid_argument("train: validation size " + std::to_string(config.validation) +
                                  " leaves no training images out of " + std::to_string(total));
    }
    val_begin = total - config.validation;
    val_end = total;
  }
  for (int i = 0; i < total; ++i)
    (i >= val_begin && i < val_end ? split.val : split.train).push_back(i);
  if (config.limit > 0 && static_cast<std::size_t>(config.limit) < split.train.size()) {
    split.train.resize(static_cast<std::size_t>(config.limit));
  }
  return split;
}

// Standardises bytes into rows of a matrix: ((p / 255) - mean) / std.
class Standardiser {
 public:
  Standardiser(const Images& images, const std::vector<int>& indices) {
    // Mean and population std of all pixels of the training part, in double, exactly summed per
    // image in integers first.
    const int n = images.pixels_per_image();
    double sum = 0, sum_squares = 0;
    for (const int index : indices) {
      const std::uint8_t* p = images.pixels.data() + static_cast<std::ptrdiff_t>(index) * n;
      std::int64_t s = 0, s2 = 0;
      for (int j = 0; j < n; ++j) {
        s += p[j];
        s2 += std::int64_t{p[j]} * p[j];
      }
      sum += static_cast<double>(s);
      sum_squares += static_cast<double>(s2);
    }
    const double count = static_cast<double>(indices.size()) * n;
    mean_ = sum / count / 255;
    std_ = std::sqrt(std::max(0.0, sum_squares / count / (255.0 * 255.0) - mean_ * mean_));
    if (!(std_ > 0)) std_ = 1;
    for (int v = 0; v < 256; ++v) table_[v] = static_cast<float>((v / 255.0 - mean_) / std_);
  }

  void Fill(const Images& images, std::span<const int> indices, Matrix& x) const {
    const int n = images.pixels_per_image();
    x.resize(static_cast<Eigen::Index>(indices.size()), n);
    for (std::size_t r = 0; r < indices.size(); ++r) {
      const std::uint8_t* p = images.pixels.data() + static_cast<std::ptrdiff_t>(indices[r]) * n;
      float* row = x.data() + static_cast<std::ptrdiff_t>(r) * n;
      for (int j = 0; j < n; ++j) row[j] = table_[p[j]];
    }
  }

  double mean() const { return mean_; }
  double std() const { return std_; }

 private:
  double mean_ = 0, std_ = 1;
  float table_[256] = {};
};

// Accuracy (%) in evaluation mode over the given images, in chunks that bound the memory.
double Evaluate(Network& net, const Standardiser& standardiser, const LabelledImages& data,
                const std::vector<int>& indices, WorkerPool& pool) {
  constexpr std::size_t kChunk = 1000;
  Context context{&pool, nullptr, false};
  Matrix x;
  std::vector<std::uint8_t> labels;
  long correct = 0;
  for (std::size_t begin = 0; begin < indices.size(); begin += kChunk) {
    const std::size_t end = std::min(indices.size(), begin + kChunk);
    const std::span<const int> chunk(indices.data() + begin, end - begin);
    standardiser.Fill(data.images, chunk, x);
    labels.clear();
    for (const int i : chunk) labels.push_back(data.labels[static_cast<std::size_t>(i)]);
    int right = 0;
    SoftmaxCrossEntropy(net.Forward(x, context), labels, nullptr, &right);
    correct += right;
  }
  return indices.empty()
             ? 0
             : 100.0 * static_cast<double>(correct) / static_cast<double>(indices.size());
}

std::uint64_t RunSeed(std::uint64_t seed, int fold) {
  // The holdout uses the seed itself; fold f mixes in f + 1 with the golden-ratio constant.
  return fold < 0 ? seed : seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(fold + 1);
}

}  // namespace

RunResult TrainRun(const MnistData& data, const TrainConfig& config, const Activation& act,
                   std::uint64_t seed, int fold, WorkerPool& pool,
                   const ProgressCallback& progress) {
  if (config.epochs < 1) throw std::invalid_argument("train: epochs must be at least 1");
  if (config.batch < 1) throw std::invalid_argument("train: batch must be at least 1");
  if (fold >= 0 && (config.folds < 2 || fold >= config.folds)) {
    throw std::invalid_argument("train: fold " + std::to_string(fold) + " of " +
                                std::to_string(config.folds));
  }
  const LabelledImages& train_data = data.train;
  const Split split = MakeSplit(train_data.images.count, config, fold);
  std::vector<int> test_indices(static_cast<std::size_t>(data.test.images.count));
  std::iota(test_indices.begin(), test_indices.end(), 0);
  const Standardiser standardiser(train_data.images, split.train);

  RunResult result;
  result.activation = act.ToString();
  result.seed = seed;
  result.fold = fold;
  result.train_size = static_cast<int>(split.train.size());
  result.val_size = static_cast<int>(split.val.size());
  result.test_size = data.test.images.count;
  result.input_mean = standardiser.mean();
  result.input_std = standardiser.std();

  Rng rng(RunSeed(seed, fold));
  MlpSpec spec;
  spec.inputs = train_data.images.pixels_per_image();
  spec.hidden = config.hidden;
  spec.activation = act;
  spec.init = config.init.value_or(act.info().init);
  spec.dropout = config.dropout;
  result.init = std::string(ToString(spec.init));
  Network net = BuildMlp(spec, rng);
  for (auto& layer : net.layers()) result.layers.push_back(layer->Describe());
  std::unique_ptr<Optimizer> optimizer;
  if (config.optimizer == "adam") {
    optimizer = std::make_unique<Adam>(config.lr);
  } else if (config.optimizer == "sgd") {
    optimizer = std::make_unique<Sgd>(config.lr, config.momentum);
  } else {
    throw std::invalid_argument("train: optimizer '" + config.optimizer + "'; allowed: adam, sgd");
  }
  optimizer->set_pool(&pool);
  const std::vector<Parameter> parameters = net.Parameters();
  const std::vector<Dense*> dense = net.DenseLayers();

  std::vector<int> order = split.train;
  const int steps = static_cast<int>((order.size() + config.batch - 1) / config.batch);
  Context context{&pool, &rng, true};
  Matrix x, d_logits;
  std::vector<std::uint8_t> labels;
  result.gradient_norm_first_epoch.assign(dense.size(), 0.0);
  for (int epoch = 1; epoch <= config.epochs; ++epoch) {
    const auto start = Clock::now();
    for (std::size_t i = order.size(); i > 1; --i) {  // Fisher-Yates
      std::swap(order[i - 1], order[rng.Below(i)]);
    }
    context.training = true;
    double loss_sum = 0;
    long correct = 0;
    for (int step = 0; step < steps; ++step) {
      const std::size_t begin = static_cast<std::size_t>(step) * config.batch;
      const std::size_t end = std::min(order.size(), begin + config.batch);
      const std::span<const int> batch(order.data() + begin, end - begin);
      standardiser.Fill(train_data.images, batch, x);
      labels.clear();
      for (const int i : batch) labels.push_back(train_data.labels[static_cast<std::size_t>(i)]);
      int right = 0;
      const double loss = SoftmaxCrossEntropy(net.Forward(x, context), labels, &d_logits, &right);
      net.Backward(d_logits, context);
      if (epoch == 1) {
        for (std::size_t l = 0; l < dense.size(); ++l) {
          const double norm = static_cast<double>(dense[l]->weight_gradient().norm());
          if (step == 0) result.gradient_norm_first_step.push_back(norm);
          result.gradient_norm_first_epoch[l] += norm / steps;
        }
      }
      optimizer->Step(parameters);
      loss_sum += loss * static_cast<double>(batch.size());
      correct += right;
      if (progress) {
        Progress p;
        p.epoch = epoch;
        p.epochs = config.epochs;
        p.step = step + 1;
        p.steps = steps;
        p.loss = loss_sum / static_cast<double>(end);
        p.seconds = Seconds(start);
        p.samples_per_second = static_cast<double>(end) / std::max(1e-9, p.seconds);
        progress(p);
      }
    }
    EpochMetrics metrics;
    metrics.epoch = epoch;
    metrics.seconds = Seconds(start);
    metrics.train_loss = loss_sum / static_cast<double>(order.size());
    metrics.train_accuracy =
        100.0 * static_cast<double>(correct) / static_cast<double>(order.size());
    const auto eval_start = Clock::now();
    metrics.val_accuracy = Evaluate(net, standardiser, train_data, split.val, pool);
    metrics.test_accuracy = Evaluate(net, standardiser, data.test, test_indices, pool);
    metrics.eval_seconds = Seconds(eval_start);
    result.epochs.push_back(metrics);
    if (progress) {
      Progress p;
      p.epoch = epoch;
      p.epochs = config.epochs;
      p.step = p.steps = steps;
      p.loss = metrics.train_loss;
      p.epoch_done = true;
      p.metrics = &result.epochs.back();
      progress(p);
    }
  }
  return result;
}

std::string MatrixProductTarget() { return std::string(linalg::GemmVariant()); }

int TutorialTier(Kind kind) { return InfoOf(kind).tutorial_tier; }

std::vector<Summary> Summarise(const std::vector<RunResult>& runs) {
  std::vector<Summary> summaries;
  std::map<std::string, std::vector<const RunResult*>> groups;
  std::vector<std::string> order;
  for (const RunResult& run : runs) {
    if (!groups.count(run.activation)) order.push_back(run.activation);
    groups[run.activation].push_back(&run);
  }
  const auto mean_std = [](const std::vector<double>& v, double& mean, double& std_dev) {
    mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double ss = 0;
    for (const double x : v) ss += (x - mean) * (x - mean);
    std_dev = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0;
  };
  for (const std::string& name : order) {
    Summary s;
    s.activation = name;
    std::vector<double> val, test;
    double seconds = 0;
    int epochs = 0;
    for (const RunResult* run : groups[name]) {
      double best = 0;
      s.diverged += std::any_of(run->epochs.begin(), run->epochs.end(),
                                [](const EpochMetrics& e) { return !std::isfinite(e.train_loss); });
      for (const EpochMetrics& e : run->epochs) {
        best = std::max(best, e.val_accuracy);
        seconds += e.seconds;
        ++epochs;
      }
      val.push_back(best);
      test.push_back(run->epochs.empty() ? 0 : run->epochs.back().test_accuracy);
    }
    s.runs = static_cast<int>(val.size());
    mean_std(val, s.val_mean, s.val_std);
    mean_std(test, s.test_mean, s.test_std);
    s.seconds_per_epoch = epochs > 0 ? seconds / epochs : 0;
    s.tutorial_tier = TutorialTier(Activation::Parse(name).kind());
    summaries.push_back(s);
  }
  std::stable_sort(summaries.begin(), summaries.end(),
                   [](const Summary& a, const Summary& b) { return a.val_mean > b.val_mean; });
  return summaries;
}

Agreement CompareWithTutorial(const std::vector<Summary>& ranked) {
  Agreement agreement;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    for (std::size_t j = i + 1; j < ranked.size(); ++j) {
      const Summary& a = ranked[i];  // measured better (or equal)
      const Summary& b = ranked[j];
      if (a.tutorial_tier == 0 || b.tutorial_tier == 0 || a.tutorial_tier == b.tutorial_tier) {
        continue;
      }
      ++agreement.pairs;
      const bool agrees = a.tutorial_tier < b.tutorial_tier;
      // One run has no spread to compare with: such a pair is never counted as separated.
      const bool separated =
          a.runs > 1 && b.runs > 1 &&
          a.val_mean - b.val_mean > std::sqrt(a.val_std * a.val_std + b.val_std * b.val_std);
      agreement.agreeing += agrees ? 1 : 0;
      agreement.separated += separated ? 1 : 0;
      agreement.separated_agreeing += separated && agrees ? 1 : 0;
    }
  }
  return agreement;
}

}  // namespace actlab::nn
