#include "actlab/nn/network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace actlab::nn {

void Network::Add(std::unique_ptr<Layer> layer) {
  layers_.push_back(std::move(layer));
  outputs_.resize(layers_.size());
}

const Matrix& Network::Forward(const Matrix& x, Context& context) {
  if (layers_.empty()) throw std::logic_error("network: no layers");
  const Matrix* input = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->Forward(*input, outputs_[i], context);
    input = &outputs_[i];
  }
  return outputs_.back();
}

void Network::Backward(const Matrix& d_output, Context& context) {
  gradients_.resize(2);
  const Matrix* dy = &d_output;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    Matrix* dx = i == 0 ? nullptr : &gradients_[i % 2];
    layers_[i]->Backward(*dy, dx, context);
    dy = dx;
  }
}

std::vector<Parameter> Network::Parameters() {
  std::vector<Parameter> all;
  for (auto& layer : layers_) {
    for (Parameter& p : layer->Parameters()) all.push_back(p);
  }
  return all;
}

std::vector<Dense*> Network::DenseLayers() {
  std::vector<Dense*> dense;
  for (auto& layer : layers_) {
    if (auto* d = dynamic_cast<Dense*>(layer.get())) dense.push_back(d);
  }
  return dense;
}

Network BuildMlp(const MlpSpec& spec, Rng& rng) {
  Network net;
  int width = spec.inputs;
  for (const int units : spec.hidden) {
    net.Add(std::make_unique<Dense>(width, units, spec.init, rng));
    const Activation& act = spec.activation;
    if (act.kind() == Kind::kPrelu) {
      net.Add(std::make_unique<PRelu>(units, static_cast<float>(act.param(0))));
    } else if (act.kind() == Kind::kRrelu) {
      net.Add(std::make_unique<RRelu>(act.param(0), act.param(1)));
    } else {
      net.Add(std::make_unique<ActivationLayer>(act));
    }
    if (spec.dropout > 0) {
      if (act.kind() == Kind::kSelu) {
        net.Add(std::make_unique<AlphaDropout>(spec.dropout));
      } else {
        net.Add(std::make_unique<Dropout>(spec.dropout));
      }
    }
    width = units;
  }
  net.Add(std::make_unique<Dense>(width, spec.classes, spec.init, rng));
  return net;
}

double SoftmaxCrossEntropy(const Matrix& logits, std::span<const std::uint8_t> labels,
                           Matrix* gradient, int* correct) {
  const Eigen::Index rows = logits.rows();
  const Eigen::Index classes = logits.cols();
  if (static_cast<std::size_t>(rows) != labels.size()) {
    throw std::invalid_argument("softmax cross-entropy: logits and labels differ in count");
  }
  if (gradient != nullptr) gradient->resize(rows, classes);
  double total = 0;
  int right = 0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto row = logits.row(r);
    Eigen::Index best = 0;
    const float top = row.maxCoeff(&best);
    double sum = 0;
    for (Eigen::Index c = 0; c < classes; ++c) sum += std::exp(static_cast<double>(row(c) - top));
    const double log_sum = std::log(sum) + top;
    const Eigen::Index label = labels[static_cast<std::size_t>(r)];
    total += log_sum - row(label);
    right += best == label ? 1 : 0;
    if (gradient != nullptr) {
      for (Eigen::Index c = 0; c < classes; ++c) {
        const double p = std::exp(static_cast<double>(row(c)) - log_sum);
        (*gradient)(r, c) =
            static_cast<float>((p - (c == label ? 1.0 : 0.0)) / static_cast<double>(rows));
      }
    }
  }
  if (correct != nullptr) *correct = right;
  return total / static_cast<double>(rows);
}

}  // namespace actlab::nn
