// The experiment: forward through `depth` random dense layers in numpy's draw order, statistics per
// layer, then the backward pass of loss = sum(Z_last * G).
#include "actlab/propagation.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "actlab/kernels.h"
#include "actlab/random.h"

namespace actlab {
namespace {

// Row-major, so that numpy's C-order fill and the activation spans walk the same memory.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::span<double> Span(Matrix& m) { return {m.data(), static_cast<std::size_t>(m.size())}; }
std::span<const double> Span(const Matrix& m) {
  return {m.data(), static_cast<std::size_t>(m.size())};
}

// np.random.normal(size=(w, w), scale=sqrt(s/w)) or np.random.uniform(-a, a, size=(w, w)).
void DrawWeights(const WeightInit& init, NumpyRandom& rng, Matrix& w) {
  const double width = static_cast<double>(w.rows());
  if (init.distribution == WeightInit::Distribution::kNormal) {
    rng.FillNormal(Span(w), 0.0, std::sqrt(init.sigma_w2 / width));
  } else {
    const double a = std::sqrt(3.0 * init.sigma_w2 / width);
    rng.FillUniform(Span(w), -a, a);
  }
}

// The statistics np.mean/np.std(axis=1) and over the whole array give, computed two-pass.
LayerRecord Statistics(int layer, const Matrix& z) {
  LayerRecord record;
  record.layer = layer;
  record.mean_min = record.std_min = std::numeric_limits<double>::infinity();
  record.mean_max = record.std_max = -std::numeric_limits<double>::infinity();
  const auto width = static_cast<double>(z.cols());
  long double total = 0;
  std::size_t zeros = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    const double* row = z.data() + i * z.cols();
    double sum = 0;
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
      sum += row[j];
      zeros += row[j] == 0.0;
    }
    total += sum;
    const double mean = sum / width;
    double squares = 0;
    for (Eigen::Index j = 0; j < z.cols(); ++j) squares += (row[j] - mean) * (row[j] - mean);
    const double std = std::sqrt(squares / width);
    record.mean_min = std::min(record.mean_min, mean);
    record.mean_max = std::max(record.mean_max, mean);
    record.std_min = std::min(record.std_min, std);
    record.std_max = std::max(record.std_max, std);
  }
  const auto count = static_cast<long double>(z.size());
  const long double mean = total / count;
  long double squares = 0;
  for (const double value : Span(z)) squares += (value - mean) * (value - mean);
  record.mean = static_cast<double>(mean);
  record.std = static_cast<double>(std::sqrt(squares / count));
  record.zero_fraction = static_cast<double>(zeros) / static_cast<double>(z.size());
  record.grad_rms = std::numeric_limits<double>::quiet_NaN();
  return record;
}

double Rms(const Matrix& m) {
  long double squares = 0;
  for (const double value : Span(m)) squares += static_cast<long double>(value) * value;
  return static_cast<double>(std::sqrt(squares / static_cast<long double>(m.size())));
}

// Threads for Eigen's product of these sizes: one below ~0.1 GFLOP, where waking a second thread
// costs more than it saves (5x slower measured at width 100 on a busy 2-core machine), else
// actlab's thread count.
void ChooseThreads(Eigen::Index rows, Eigen::Index inner, Eigen::Index cols) {
  const double flops =
      2.0 * static_cast<double>(rows) * static_cast<double>(inner) * static_cast<double>(cols);
  Eigen::setNbThreads(flops < 1e8 ? 1 : NumThreads());
}

// One layer: h = z w, z = act(h).
void Layer(const Activation& act, const Matrix& w, Matrix& z, Matrix& h) {
  h.noalias() = z * w;
  Forward(act, Span(std::as_const(h)), Span(z));
}

}  // namespace

void PropagationOptions::Validate() const {
  auto check = [](int value, const char* name) {
    if (value < 1) {
      throw std::invalid_argument(fmt::format("{} must be at least 1, got {}", name, value));
    }
  };
  check(depth, "depth");
  check(width, "width");
  check(batch, "batch");
  if (seed > NumpyRandom::kMaxSeed) {
    throw std::invalid_argument(
        fmt::format("seed {} is outside the allowed range 0 to 4294967295 (2**32-1)", seed));
  }
  if (!(init.sigma_w2 > 0) || !std::isfinite(init.sigma_w2)) {
    throw std::invalid_argument("sigma_w2 must be a finite number > 0");
  }
}

PropagationResult Propagate(const PropagationOptions& options) {
  options.Validate();
  PropagationResult result;
  result.options = options;
  const Eigen::Index batch = options.batch, width = options.width;
  const int depth = options.depth;

  // What the backward pass keeps: everything when it fits, else checkpoints every `segment` layers.
  const double layer_bytes = 8.0 * static_cast<double>(batch * width + width * width);
  const bool keep_all = layer_bytes * depth <= static_cast<double>(options.memory_budget_bytes);
  const int segment =
      keep_all ? depth : std::max(1, static_cast<int>(std::ceil(std::sqrt(double(depth)))));

  ChooseThreads(batch, width, width);
  NumpyRandom rng(options.seed);
  Matrix z(batch, width), h(batch, width), w(width, width);
  rng.FillNormal(Span(z));
  std::vector<Matrix> kept_h, kept_w, checkpoints;
  std::vector<NumpyRandom> weight_states;  // the stream before each layer's weights
  result.layers.reserve(static_cast<std::size_t>(depth));
  for (int layer = 0; layer < depth; ++layer) {
    if (options.backward && !keep_all) {
      if (layer % segment == 0) checkpoints.push_back(z);
      weight_states.push_back(rng);
    }
    DrawWeights(options.init, rng, w);
    Layer(options.act, w, z, h);
    if (options.backward && keep_all) {
      kept_h.push_back(h);
      kept_w.push_back(w);
    }
    result.layers.push_back(Statistics(layer, z));
  }
  if (!options.backward) return result;

  Matrix grad(batch, width), grad_h(batch, width);
  rng.FillNormal(Span(grad));  // G, d loss / d Z_last
  for (int start = ((depth - 1) / segment) * segment; start >= 0; start -= segment) {
    const int end = std::min(depth, start + segment);
    if (!keep_all) {  // recompute this segment's pre-activations and weights
      kept_h.assign(static_cast<std::size_t>(end - start), Matrix(batch, width));
      kept_w.assign(static_cast<std::size_t>(end - start), Matrix(width, width));
      z = checkpoints[static_cast<std::size_t>(start / segment)];
      for (int layer = start; layer < end; ++layer) {
        const auto k = static_cast<std::size_t>(layer - start);
        NumpyRandom replay = weight_states[static_cast<std::size_t>(layer)];
        DrawWeights(options.init, replay, kept_w[k]);
        Layer(options.act, kept_w[k], z, kept_h[k]);
      }
    }
    const int offset = keep_all ? 0 : start;
    for (int layer = end - 1; layer >= start; --layer) {
      const auto k = static_cast<std::size_t>(layer - offset);
      result.layers[static_cast<std::size_t>(layer)].grad_rms = Rms(grad);
      if (layer == 0) break;
      Backward(options.act, Span(std::as_const(kept_h[k])), Span(std::as_const(grad)),
               Span(grad_h));
      grad.noalias() = grad_h * kept_w[k].transpose();
    }
  }
  return result;
}

std::string TutorialLine(const LayerRecord& record) {
  return fmt::format("Layer {}: {:.2f} < mean < {:.2f}, {:.2f} < std deviation < {:.2f}",
                     record.layer, record.mean_min, record.mean_max, record.std_min,
                     record.std_max);
}

double MatrixFlops(const PropagationOptions& options) {
  const double product = 2.0 * options.batch * static_cast<double>(options.width) * options.width;
  return product * options.depth * (options.backward ? 2.0 : 1.0);
}

}  // namespace actlab
