// The experiment: forward through `depth` random dense layers in numpy's draw order, statistics per
// layer, then the backward pass of loss = sum(Z_last * G).
#include "actlab/propagation.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "actlab/kernels.h"
#include "actlab/parallel.h"
#include "actlab/random.h"
#include "linalg/gemm.h"

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

// The experiment's draws in numpy's order (inputs, one weight matrix per layer, then G). Drawing is
// sequential by nature and costs about as much as the products at the tutorial's size, so with
// more than one thread a task on the pool draws ahead while the queue has room (started again
// whenever the layer loop takes a draw); whenever the next draw is not ready, the layer loop makes
// it itself rather than wait (on a busy machine the drawing thread may not run for milliseconds).
// Whoever makes a draw holds the stream, so the numbers are the same either way.
class Draws {
 public:
  struct Draw {
    Matrix values;
    NumpyRandom before;  // the stream before this draw (to replay a layer's weights)
  };

  Draws(const PropagationOptions& options, bool ahead)
      : options_(options),
        rng_(options.seed),
        total_(options.depth + (options.backward ? 2 : 1)),
        ahead_wanted_(ahead) {
    const double bytes =
        8.0 * static_cast<double>(options.width) * std::max(options.width, options.batch);
    capacity_ = static_cast<std::size_t>(std::clamp((64 << 20) / bytes, 2.0, 64.0));
    DrawAhead();
  }
  ~Draws() {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;  // the task returns after its current draw; ahead_ waits for it
  }
  Draws(const Draws&) = delete;
  Draws& operator=(const Draws&) = delete;

  // The next draw: the inputs first, then the weights of layer 0, 1, ..., then G.
  Draw Next() {
    std::optional<Draw> ready = Pop();
    if (!ready) {
      std::lock_guard stream(stream_mutex_);  // waits only while a draw is being made
      ready = Pop();                          // it was that one
      if (!ready) ready = Make();
    }
    DrawAhead();
    return std::move(*ready);
  }

 private:
  // Starts the drawing task unless it is running (or no thread is free: then the loop draws).
  void DrawAhead() {
    if (ahead_wanted_) ahead_.Start([this] { Produce(); });
  }

  std::optional<Draw> Pop() {
    std::lock_guard lock(queue_mutex_);
    if (queue_.empty()) return std::nullopt;
    Draw draw = std::move(queue_.front());
    queue_.pop_front();
    return draw;
  }

  // Makes draw number made_ (the caller holds stream_mutex_).
  Draw Make() {
    const int index = made_++;
    const bool weights = index >= 1 && index <= options_.depth;
    Draw draw{Matrix(weights ? options_.width : options_.batch, options_.width), rng_};
    if (weights) {
      DrawWeights(options_.init, rng_, draw.values);
    } else {
      rng_.FillNormal(Span(draw.values));
    }
    return draw;
  }

  // Draws until the queue is full or every draw is made.
  void Produce() {
    while (true) {
      {
        std::lock_guard lock(queue_mutex_);
        if (stopping_ || queue_.size() >= capacity_) return;
      }
      // Queued while the stream is held, so that the queue is always in draw order.
      std::lock_guard stream(stream_mutex_);
      if (made_ == total_) return;
      Draw draw = Make();
      std::lock_guard lock(queue_mutex_);
      queue_.push_back(std::move(draw));
    }
  }

  const PropagationOptions& options_;
  std::mutex stream_mutex_;  // guards rng_ and made_
  NumpyRandom rng_;
  int made_ = 0;
  const int total_;
  std::size_t capacity_ = 2;
  std::mutex queue_mutex_;  // guards queue_ and stopping_
  std::deque<Draw> queue_;
  bool stopping_ = false;
  const bool ahead_wanted_;
  parallel::Background ahead_;  // last: destroyed (waiting for its task) before everything it uses
};

// Sums of one row, with independent accumulators (the compiler keeps them in vector registers).
struct RowSums {
  double sum = 0;
  std::size_t zeros = 0;
};
RowSums SumRow(const double* row, Eigen::Index n) {
  constexpr int kLanes = 8;
  double partial[kLanes] = {};
  std::size_t zeros = 0;
  Eigen::Index j = 0;
  for (; j + kLanes <= n; j += kLanes) {
    for (int l = 0; l < kLanes; ++l) {
      partial[l] += row[j + l];
      zeros += row[j + l] == 0.0;
    }
  }
  double sum = 0;
  for (; j < n; ++j) {
    sum += row[j];
    zeros += row[j] == 0.0;
  }
  for (const double p : partial) sum += p;
  return {sum, zeros};
}
double SquaresAbout(const double* row, Eigen::Index n, double mean) {
  constexpr int kLanes = 8;
  double partial[kLanes] = {};
  Eigen::Index j = 0;
  for (; j + kLanes <= n; j += kLanes) {
    for (int l = 0; l < kLanes; ++l) partial[l] += (row[j + l] - mean) * (row[j + l] - mean);
  }
  double squares = 0;
  for (; j < n; ++j) squares += (row[j] - mean) * (row[j] - mean);
  for (const double p : partial) squares += p;
  return squares;
}

// The statistics np.mean/np.std(axis=1) and over the whole array give: two passes per row; the
// whole array's squares from the rows' (Chan et al.'s pairwise update: sum over rows of
// S_r + n (m_r - m)^2), so the array is read twice, not three times.
LayerRecord Statistics(int layer, const Matrix& z) {
  LayerRecord record;
  record.layer = layer;
  record.mean_min = record.std_min = std::numeric_limits<double>::infinity();
  record.mean_max = record.std_max = -std::numeric_limits<double>::infinity();
  const auto width = static_cast<double>(z.cols());
  std::vector<double> row_means(static_cast<std::size_t>(z.rows()));
  std::vector<double> row_squares(row_means.size());
  long double total = 0;
  std::size_t zeros = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    const double* row = z.data() + i * z.cols();
    const RowSums sums = SumRow(row, z.cols());
    total += sums.sum;
    zeros += sums.zeros;
    const double mean = sums.sum / width;
    const double squares = SquaresAbout(row, z.cols(), mean);
    const double std = std::sqrt(squares / width);
    row_means[static_cast<std::size_t>(i)] = mean;
    row_squares[static_cast<std::size_t>(i)] = squares;
    record.mean_min = std::min(record.mean_min, mean);
    record.mean_max = std::max(record.mean_max, mean);
    record.std_min = std::min(record.std_min, std);
    record.std_max = std::max(record.std_max, std);
  }
  const auto count = static_cast<long double>(z.size());
  const long double mean = total / count;
  long double squares = 0;
  for (std::size_t i = 0; i < row_means.size(); ++i) {
    const long double offset = row_means[i] - mean;
    squares += row_squares[i] + width * offset * offset;
  }
  record.mean = static_cast<double>(mean);
  record.std = static_cast<double>(std::sqrt(squares / count));
  record.zero_fraction = static_cast<double>(zeros) / static_cast<double>(z.size());
  record.grad_rms = std::numeric_limits<double>::quiet_NaN();
  return record;
}

double Rms(const Matrix& m) {
  long double squares = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    squares += SquaresAbout(m.data() + i * m.cols(), m.cols(), 0.0);
  }
  return static_cast<double>(std::sqrt(squares / static_cast<long double>(m.size())));
}

// c = a b (kNN) or a b^T (kNT), the rows of c split into `parts` ranges on the pool when the
// product is large enough (~0.1 GFLOP) to pay for waking the other threads.
void Multiply(int parts, linalg::Product product, const Matrix& a, const Matrix& b, Matrix& c) {
  const int rows = static_cast<int>(c.rows()), cols = static_cast<int>(c.cols());
  const int inner = static_cast<int>(a.cols());
  auto block = [&](int begin, int end) {
    linalg::Gemm(linalg::GemmArgs<double>{product, end - begin, cols, inner,
                                          a.data() + std::ptrdiff_t{begin} * inner, inner, b.data(),
                                          static_cast<int>(b.cols()),
                                          c.data() + std::ptrdiff_t{begin} * cols, cols, false});
  };
  const double flops = 2.0 * rows * static_cast<double>(cols) * inner;
  if (flops < 1e8 || parts == 1) {
    block(0, rows);
  } else {
    parallel::ForRanges(rows, std::min(parts, rows), [&](std::int64_t begin, std::int64_t end) {
      block(static_cast<int>(begin), static_cast<int>(end));
    });
  }
}

// One layer: h = z w, z = act(h).
void Layer(int parts, const Activation& act, const Matrix& w, Matrix& z, Matrix& h) {
  Multiply(parts, linalg::Product::kNN, z, w, h);
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

  const int parts = NumThreads();
  Draws draws(options, parts > 1);
  Matrix z = draws.Next().values, h(batch, width);
  std::vector<Matrix> kept_h, kept_w, checkpoints;
  std::vector<NumpyRandom> weight_states;  // the stream before each layer's weights
  result.layers.reserve(static_cast<std::size_t>(depth));
  for (int layer = 0; layer < depth; ++layer) {
    Draws::Draw w = draws.Next();
    if (options.backward && !keep_all) {
      if (layer % segment == 0) checkpoints.push_back(z);
      weight_states.push_back(w.before);
    }
    Layer(parts, options.act, w.values, z, h);
    if (options.backward && keep_all) {
      kept_h.push_back(h);
      kept_w.push_back(std::move(w.values));
    }
    result.layers.push_back(Statistics(layer, z));
  }
  if (!options.backward) return result;

  Matrix grad = draws.Next().values, grad_h(batch, width);  // G, d loss / d Z_last
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
        Layer(parts, options.act, kept_w[k], z, kept_h[k]);
      }
    }
    const int offset = keep_all ? 0 : start;
    for (int layer = end - 1; layer >= start; --layer) {
      const auto k = static_cast<std::size_t>(layer - offset);
      result.layers[static_cast<std::size_t>(layer)].grad_rms = Rms(grad);
      if (layer == 0) break;
      Backward(options.act, Span(std::as_const(kept_h[k])), Span(std::as_const(grad)),
               Span(grad_h));
      Multiply(parts, linalg::Product::kNT, grad_h, kept_w[k], grad);
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
