// A sequential network of layers, the MLP builder, and softmax cross-entropy.
#ifndef ACTLAB_NN_NETWORK_H_
#define ACTLAB_NN_NETWORK_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "actlab/activation.h"
#include "actlab/nn/layers.h"

namespace actlab::nn {

class Network {
 public:
  void Add(std::unique_ptr<Layer> layer);
  // The output (logits) of the whole network for x; x must stay alive until Backward.
  const Matrix& Forward(const Matrix& x, Context& context);
  // Backpropagates dL/d(output) through every layer, setting every parameter gradient; the input
  // itself gets none.
  void Backward(const Matrix& d_output, Context& context);

  std::vector<Parameter> Parameters();
  std::vector<std::unique_ptr<Layer>>& layers() { return layers_; }
  // The Dense layers in order (for the per-layer gradient norms).
  std::vector<Dense*> DenseLayers();

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Matrix> outputs_;    // outputs_[i] = output of layer i
  std::vector<Matrix> gradients_;  // two buffers, used in turn
};

// The layers of an MLP: for each hidden width, Dense, the activation, and dropout when p > 0
// (AlphaDropout after selu, Dropout otherwise); then Dense to `classes` outputs. prelu becomes a
// PRelu layer (its alpha the initial slope), rrelu an RRelu layer, anything else an
// ActivationLayer. Weights are drawn from `rng` layer after layer.
struct MlpSpec {
  int inputs = 784;
  std::vector<int> hidden = {256, 128};
  int classes = 10;
  Activation activation{Kind::kRelu};
  Init init = Init::kHeNormal;
  double dropout = 0;
};
Network BuildMlp(const MlpSpec& spec, Rng& rng);

// Mean softmax cross-entropy of `logits` (batch x classes) against `labels`, computed with a
// stable log-sum-exp; writes dL/dlogits = (softmax - onehot) / batch into `gradient` unless null,
// and the number of rows whose largest logit is the label into `correct` unless null.
double SoftmaxCrossEntropy(const Matrix& logits, std::span<const std::uint8_t> labels,
                           Matrix* gradient, int* correct);

}  // namespace actlab::nn

#endif  // ACTLAB_NN_NETWORK_H_
