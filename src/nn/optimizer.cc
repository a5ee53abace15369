#include "actlab/nn/optimizer.h"

#include <algorithm>
#include <cmath>

namespace actlab::nn {

void Optimizer::ForElements(Eigen::Index size,
                            const std::function<void(Eigen::Index, Eigen::Index)>& fn) {
  // Ranges of whole 4 KiB pages' worth of floats keep threads off each other's cache lines.
  constexpr Eigen::Index kBlock = 1024;
  const auto blocks = static_cast<int>((size + kBlock - 1) / kBlock);
  if (pool_ == nullptr || blocks < 2) {
    fn(0, size);
    return;
  }
  pool_->ForRanges(blocks, [&](int begin, int end) {
    fn(begin * kBlock, std::min<Eigen::Index>(size, end * kBlock));
  });
}

void Adam::Step(const std::vector<Parameter>& parameters) {
  if (m_.empty()) {
    for (const Parameter& p : parameters) {
      m_.push_back(Matrix::Zero(p.value->rows(), p.value->cols()));
      v_.push_back(Matrix::Zero(p.value->rows(), p.value->cols()));
    }
  }
  ++step_;
  const double correction1 = 1 - std::pow(beta1_, static_cast<double>(step_));
  const double correction2 = 1 - std::pow(beta2_, static_cast<double>(step_));
  const auto b1 = static_cast<float>(beta1_);
  const auto b2 = static_cast<float>(beta2_);
  const auto step_size = static_cast<float>(lr_ / correction1);
  const auto inv_sqrt_c2 = static_cast<float>(1 / std::sqrt(correction2));
  const auto eps = static_cast<float>(eps_);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    float* value = parameters[i].value->data();
    const float* gradient = parameters[i].gradient->data();
    float* mean = m_[i].data();
    float* square = v_[i].data();
    ForElements(m_[i].size(), [&](Eigen::Index begin, Eigen::Index end) {
      const Eigen::Index n = end - begin;
      const auto g = Eigen::Map<const Eigen::ArrayXf>(gradient + begin, n);
      auto m = Eigen::Map<Eigen::ArrayXf>(mean + begin, n);
      auto v = Eigen::Map<Eigen::ArrayXf>(square + begin, n);
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g.square();
      Eigen::Map<Eigen::ArrayXf>(value + begin, n) -=
          step_size * m / (v.sqrt() * inv_sqrt_c2 + eps);
    });
  }
}

void Sgd::Step(const std::vector<Parameter>& parameters) {
  const bool first = buffers_.empty();
  const auto lr = static_cast<float>(lr_);
  const auto momentum = static_cast<float>(momentum_);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (first) {
      buffers_.push_back(*parameters[i].gradient);
    } else {
      buffers_[i] = momentum * buffers_[i] + *parameters[i].gradient;
    }
    *parameters[i].value -= lr * buffers_[i];
  }
}

}  // namespace actlab::nn
