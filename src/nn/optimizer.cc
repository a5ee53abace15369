#include "actlab/nn/optimizer.h"

#include <cmath>

namespace actlab::nn {

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
    auto g = parameters[i].gradient->array();
    auto m = m_[i].array();
    auto v = v_[i].array();
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g.square();
    parameters[i].value->array() -= step_size * m / (v.sqrt() * inv_sqrt_c2 + eps);
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
