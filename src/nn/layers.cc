#include "actlab/nn/layers.h"

#include <cmath>
#include <span>
#include <stdexcept>

#include "actlab/kernels.h"
#include "linalg/gemm.h"

namespace actlab::nn {
namespace {

using GemmArgs = linalg::GemmArgs<float>;
using linalg::Gemm;
using linalg::Product;

void CheckColumns(const Matrix& x, Eigen::Index expected, const char* layer) {
  if (x.cols() != expected) {
    throw std::invalid_argument(std::string(layer) + ": input has " + std::to_string(x.cols()) +
                                " columns, expected " + std::to_string(expected));
  }
}

std::span<const float> RowSpan(const Matrix& m, int begin, int end) {
  return {m.data() + static_cast<std::ptrdiff_t>(begin) * m.cols(),
          static_cast<std::size_t>(end - begin) * static_cast<std::size_t>(m.cols())};
}
std::span<float> RowSpan(Matrix& m, int begin, int end) {
  return {m.data() + static_cast<std::ptrdiff_t>(begin) * m.cols(),
          static_cast<std::size_t>(end - begin) * static_cast<std::size_t>(m.cols())};
}

// Element-wise over the rows of equally shaped matrices, split over the pool.
template <class F>
void ForElements(const Context& context, const Matrix& shape, F&& fn) {
  const auto cols = shape.cols();
  ForRows(context, static_cast<int>(shape.rows()), [&](int begin, int end) {
    const std::ptrdiff_t first = static_cast<std::ptrdiff_t>(begin) * cols;
    const std::ptrdiff_t last = static_cast<std::ptrdiff_t>(end) * cols;
    for (std::ptrdiff_t i = first; i < last; ++i) fn(i, i % cols);
  });
}

}  // namespace

void ForRows(const Context& context, int n, const std::function<void(int, int)>& fn) {
  if (context.pool != nullptr) {
    context.pool->ForRanges(n, fn);
  } else if (n > 0) {
    fn(0, n);
  }
}

Matrix InitWeights(int fan_in, int fan_out, Init init, Rng& rng) {
  Matrix w(fan_in, fan_out);
  const double glorot = std::sqrt(6.0 / (fan_in + fan_out));
  const double std_dev = std::sqrt((init == Init::kHeNormal ? 2.0 : 1.0) / fan_in);
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    w.data()[i] = static_cast<float>(init == Init::kGlorotUniform ? rng.Uniform(-glorot, glorot)
                                                                  : std_dev * rng.Normal());
  }
  return w;
}

// Dense ------------------------------------------------------------------------------------------

Dense::Dense(int inputs, int outputs, Init init, Rng& rng)
    : weights_(InitWeights(inputs, outputs, init, rng)),
      bias_(Matrix::Zero(1, outputs)),
      weight_gradient_(Matrix::Zero(inputs, outputs)),
      bias_gradient_(Matrix::Zero(1, outputs)) {}

std::string Dense::Describe() const {
  return "dense " + std::to_string(weights_.rows()) + "x" + std::to_string(weights_.cols());
}

void Dense::Forward(const Matrix& x, Matrix& y, Context& context) {
  CheckColumns(x, weights_.rows(), "dense");
  input_ = &x;
  const int inputs = static_cast<int>(weights_.rows());
  const int outputs = static_cast<int>(weights_.cols());
  y.resize(x.rows(), outputs);
  ForRows(context, static_cast<int>(x.rows()), [&](int begin, int end) {
    Gemm(GemmArgs{Product::kNN, end - begin, outputs, inputs,
                  x.data() + std::ptrdiff_t{begin} * inputs, inputs, weights_.data(), outputs,
                  y.data() + std::ptrdiff_t{begin} * outputs, outputs, false});
    y.middleRows(begin, end - begin).rowwise() += bias_.row(0);
  });
}

void Dense::Backward(const Matrix& dy, Matrix* dx, Context& context) {
  const Matrix& x = *input_;
  const int batch = static_cast<int>(x.rows());
  const int inputs = static_cast<int>(weights_.rows());
  const int outputs = static_cast<int>(weights_.cols());
  // dW = x^T dy, split over the rows of dW (the inputs), so no thread sums into another's part.
  ForRows(context, inputs, [&](int begin, int end) {
    Gemm(GemmArgs{Product::kTN, end - begin, outputs, batch, x.data() + begin, inputs, dy.data(),
                  outputs, weight_gradient_.data() + std::ptrdiff_t{begin} * outputs, outputs,
                  false});
  });
  bias_gradient_ = dy.colwise().sum();
  if (dx == nullptr) return;
  dx->resize(batch, inputs);
  ForRows(context, batch, [&](int begin, int end) {
    Gemm(GemmArgs{Product::kNT, end - begin, inputs, outputs,
                  dy.data() + std::ptrdiff_t{begin} * outputs, outputs, weights_.data(), outputs,
                  dx->data() + std::ptrdiff_t{begin} * inputs, inputs, false});
  });
}

std::vector<Parameter> Dense::Parameters() {
  return {{"weights", &weights_, &weight_gradient_}, {"bias", &bias_, &bias_gradient_}};
}

// ActivationLayer -------------------------------------------------------------------------------

std::string ActivationLayer::Describe() const { return "activation " + act_.ToString(); }

void ActivationLayer::Forward(const Matrix& x, Matrix& y, Context& context) {
  input_ = &x;
  y.resize(x.rows(), x.cols());
  ForRows(context, static_cast<int>(x.rows()), [&](int begin, int end) {
    actlab::Forward(act_, RowSpan(x, begin, end), RowSpan(y, begin, end));
  });
}

void ActivationLayer::Backward(const Matrix& dy, Matrix* dx, Context& context) {
  if (dx == nullptr) return;
  const Matrix& x = *input_;
  dx->resize(x.rows(), x.cols());
  ForRows(context, static_cast<int>(x.rows()), [&](int begin, int end) {
    actlab::Backward(act_, RowSpan(x, begin, end), RowSpan(dy, begin, end),
                     RowSpan(*dx, begin, end));
  });
}

// PRelu ------------------------------------------------------------------------------------------

PRelu::PRelu(int units, float initial_slope)
    : slopes_(Matrix::Constant(1, units, initial_slope)), slope_gradient_(Matrix::Zero(1, units)) {}

std::string PRelu::Describe() const {
  return "prelu (" + std::to_string(slopes_.cols()) + " learned slopes)";
}

void PRelu::Forward(const Matrix& x, Matrix& y, Context& context) {
  CheckColumns(x, slopes_.cols(), "prelu");
  input_ = &x;
  y.resize(x.rows(), x.cols());
  const float* a = slopes_.data();
  const float* in = x.data();
  float* out = y.data();
  ForElements(context, x, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
    out[i] = in[i] >= 0 ? in[i] : a[j] * in[i];
  });
}

void PRelu::Backward(const Matrix& dy, Matrix* dx, Context& context) {
  const Matrix& x = *input_;
  // dL/da_j = sum over the batch of dy * min(0, x), summed in row order by one thread so that the
  // result does not depend on the thread count.
  slope_gradient_ = (dy.array() * x.array().min(0.0f)).colwise().sum();
  if (dx == nullptr) return;
  dx->resize(x.rows(), x.cols());
  const float* a = slopes_.data();
  const float* in = x.data();
  const float* g = dy.data();
  float* out = dx->data();
  ForElements(context, x,
              [&](std::ptrdiff_t i, std::ptrdiff_t j) { out[i] = in[i] > 0 ? g[i] : a[j] * g[i]; });
}

std::vector<Parameter> PRelu::Parameters() { return {{"slopes", &slopes_, &slope_gradient_}}; }

// RRelu ------------------------------------------------------------------------------------------

std::string RRelu::Describe() const {
  return "rrelu U(" + std::to_string(lower_) + ", " + std::to_string(upper_) + ")";
}

void RRelu::Forward(const Matrix& x, Matrix& y, Context& context) {
  input_ = &x;
  slopes_.resize(x.rows(), x.cols());
  if (context.training) {
    if (context.rng == nullptr)
      throw std::logic_error("rrelu: training mode needs a random stream");
    for (Eigen::Index i = 0; i < slopes_.size(); ++i) {
      slopes_.data()[i] = static_cast<float>(context.rng->Uniform(lower_, upper_));
    }
  } else {
    slopes_.setConstant(static_cast<float>((lower_ + upper_) / 2));
  }
  y.resize(x.rows(), x.cols());
  const float* a = slopes_.data();
  const float* in = x.data();
  float* out = y.data();
  ForElements(context, x, [&](std::ptrdiff_t i, std::ptrdiff_t) {
    out[i] = in[i] >= 0 ? in[i] : a[i] * in[i];
  });
}

void RRelu::Backward(const Matrix& dy, Matrix* dx, Context& context) {
  if (dx == nullptr) return;
  dx->resize(dy.rows(), dy.cols());
  const float* a = slopes_.data();
  const float* g = dy.data();
  float* out = dx->data();
  // f'(x) = 1 for x > 0, the element's slope for x <= 0 (the catalogue's convention at 0).
  const float* in = input_->data();
  ForElements(context, dy,
              [&](std::ptrdiff_t i, std::ptrdiff_t) { out[i] = in[i] > 0 ? g[i] : a[i] * g[i]; });
}

// Dropout ----------------------------------------------------------------------------------------

Dropout::Dropout(double p) : p_(p) {
  if (!(p >= 0 && p < 1)) throw std::invalid_argument("dropout: p must be in [0, 1)");
}

std::string Dropout::Describe() const { return "dropout " + std::to_string(p_); }

void Dropout::Forward(const Matrix& x, Matrix& y, Context& context) {
  active_ = context.training && p_ > 0;
  if (!active_) {
    y = x;
    return;
  }
  scale_.resize(x.rows(), x.cols());
  const auto kept = static_cast<float>(1 / (1 - p_));
  for (Eigen::Index i = 0; i < scale_.size(); ++i) {
    scale_.data()[i] = context.rng->Uniform() < p_ ? 0.0f : kept;
  }
  y = x.cwiseProduct(scale_);
}

void Dropout::Backward(const Matrix& dy, Matrix* dx, Context&) {
  if (dx == nullptr) return;
  if (active_) {
    *dx = dy.cwiseProduct(scale_);
  } else {
    *dx = dy;
  }
}

// AlphaDropout -----------------------------------------------------------------------------------

namespace {
constexpr double kSeluAlphaPrime = -kSeluScale * kSeluAlpha;
}

AlphaDropout::AlphaDropout(double p) : p_(p) {
  if (!(p >= 0 && p < 1)) throw std::invalid_argument("alpha dropout: p must be in [0, 1)");
}

std::string AlphaDropout::Describe() const { return "alpha dropout " + std::to_string(p_); }

void AlphaDropout::Forward(const Matrix& x, Matrix& y, Context& context) {
  active_ = context.training && p_ > 0;
  if (!active_) {
    y = x;
    return;
  }
  keep_.resize(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < keep_.size(); ++i) {
    keep_.data()[i] = context.rng->Uniform() < p_ ? 0.0f : 1.0f;
  }
  const double a = 1 / std::sqrt((1 - p_) * (1 + p_ * kSeluAlphaPrime * kSeluAlphaPrime));
  const double b = -a * kSeluAlphaPrime * p_;
  const auto af = static_cast<float>(a);
  const auto dropped = static_cast<float>(a * kSeluAlphaPrime + b);
  const auto bf = static_cast<float>(b);
  y.resize(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    y.data()[i] = keep_.data()[i] != 0 ? af * x.data()[i] + bf : dropped;
  }
}

void AlphaDropout::Backward(const Matrix& dy, Matrix* dx, Context&) {
  if (dx == nullptr) return;
  if (!active_) {
    *dx = dy;
    return;
  }
  const double a = 1 / std::sqrt((1 - p_) * (1 + p_ * kSeluAlphaPrime * kSeluAlphaPrime));
  *dx = dy.cwiseProduct(keep_) * static_cast<float>(a);
}

}  // namespace actlab::nn
