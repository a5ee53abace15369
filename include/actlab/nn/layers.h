// The layers of a multilayer perceptron on Eigen: Dense, Activation (any catalogue entry, through
// actlab's kernels), PReLU, RReLU, Dropout and AlphaDropout. Activations are batch x features
// row-major float matrices; each layer keeps what its backward pass needs.
#ifndef ACTLAB_NN_LAYERS_H_
#define ACTLAB_NN_LAYERS_H_

#include <Eigen/Core>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actlab/activation.h"
#include "actlab/nn/rng.h"
#include "actlab/nn/worker_pool.h"

namespace actlab::nn {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// What a forward or backward pass runs with.
struct Context {
  WorkerPool* pool = nullptr;  // null: the calling thread alone
  Rng* rng = nullptr;          // the noise of rrelu and dropout in training mode
  bool training = true;        // evaluation mode: rrelu uses its mean slope, dropout is off
};

// Runs fn(begin, end) over the rows [0, n), split over the context's pool.
void ForRows(const Context& context, int n, const std::function<void(int, int)>& fn);

// A trained tensor and its gradient (same shape).
struct Parameter {
  std::string name;
  Matrix* value;
  Matrix* gradient;
};

class Layer {
 public:
  virtual ~Layer() = default;
  // A short description ("dense 784x256", "activation elu", ...).
  virtual std::string Describe() const = 0;
  // y = layer(x); remembers x (which must stay alive and unchanged until Backward).
  virtual void Forward(const Matrix& x, Matrix& y, Context& context) = 0;
  // From dL/dy of the last Forward: sets the parameter gradients and, unless dx is null, dL/dx.
  virtual void Backward(const Matrix& dy, Matrix* dx, Context& context) = 0;
  virtual std::vector<Parameter> Parameters() { return {}; }
};

// y = x W + b, W inputs x outputs, b 1 x outputs.
class Dense : public Layer {
 public:
  // Weights drawn from `init` (biases zero).
  Dense(int inputs, int outputs, Init init, Rng& rng);
  std::string Describe() const override;
  void Forward(const Matrix& x, Matrix& y, Context& context) override;
  void Backward(const Matrix& dy, Matrix* dx, Context& context) override;
  std::vector<Parameter> Parameters() override;

  Matrix& weights() { return weights_; }
  Matrix& bias() { return bias_; }
  const Matrix& weight_gradient() const { return weight_gradient_; }

 private:
  Matrix weights_, bias_, weight_gradient_, bias_gradient_;
  const Matrix* input_ = nullptr;
};

// y = f(x) element by element, f any catalogue entry with fixed parameters (rrelu in evaluation
// mode, prelu with its initial slope: RRelu and PRelu are the layers that train them).
class ActivationLayer : public Layer {
 public:
  explicit ActivationLayer(const Activation& act) : act_(act) {}
  std::string Describe() const override;
  void Forward(const Matrix& x, Matrix& y, Context& context) override;
  void Backward(const Matrix& dy, Matrix* dx, Context& context) override;

 private:
  Activation act_;
  const Matrix* input_ = nullptr;
};

// Parametric ReLU: x for x >= 0, a_j x otherwise, one learned slope a_j per unit; f'(0) = a_j.
class PRelu : public Layer {
 public:
  PRelu(int units, float initial_slope = 0.25f);
  std::string Describe() const override;
  void Forward(const Matrix& x, Matrix& y, Context& context) override;
  void Backward(const Matrix& dy, Matrix* dx, Context& context) override;
  std::vector<Parameter> Parameters() override;
  Matrix& slopes() { return slopes_; }

 private:
  Matrix slopes_, slope_gradient_;
  const Matrix* input_ = nullptr;
};

// Randomised leaky ReLU (Xu et al. 2015): in training one slope per element ~ U(lower, upper),
// drawn for every element in row-major order and kept for the backward pass; in evaluation the
// slope (lower + upper) / 2.
class RRelu : public Layer {
 public:
  RRelu(double lower, double upper) : lower_(lower), upper_(upper) {}
  std::string Describe() const override;
  void Forward(const Matrix& x, Matrix& y, Context& context) override;
  void Backward(const Matrix& dy, Matrix* dx, Context& context) override;
  const Matrix& slopes() const { return slopes_; }

 private:
  double lower_, upper_;
  Matrix slopes_;  // of the last forward pass (a constant matrix in evaluation mode)
  const Matrix* input_ = nullptr;
};

// Inverted dropout: in training each element is zeroed with probability p and the others scaled
// by 1/(1-p); identity in evaluation.
class Dropout : public Layer {
 public:
  explicit Dropout(double p);
  std::string Describe() const override;
  void Forward(const Matrix& x, Matrix& y, Context& context) override;
  void Backward(const Matrix& dy, Matrix* dx, Context& context) override;

 private:
  double p_;
  Matrix scale_;  // 0 or 1/(1-p) per element of the last training pass
  bool active_ = false;
};

// Alpha dropout (Klambauer et al. 2017): dropped elements are set to SELU's negative saturation
// alpha' = -scale*alpha, then y = a (x or alpha') + b with a = ((1-p)(1 + p alpha'^2))^(-1/2) and
// b = -a alpha' p, which keeps zero mean and unit variance; identity in evaluation.
class AlphaDropout : public Layer {
 public:
  explicit AlphaDropout(double p);
  std::string Describe() const override;
  void Forward(const Matrix& x, Matrix& y, Context& context) override;
  void Backward(const Matrix& dy, Matrix* dx, Context& context) override;

 private:
  double p_;
  Matrix keep_;  // 1 where kept, 0 where dropped, of the last training pass
  bool active_ = false;
};

// Draws a weight matrix (fan_in x fan_out) from LeCun normal N(0, 1/fan_in), He normal
// N(0, 2/fan_in) or Glorot uniform U(-a, a), a = sqrt(6/(fan_in + fan_out)).
Matrix InitWeights(int fan_in, int fan_out, Init init, Rng& rng);

}  // namespace actlab::nn

#endif  // ACTLAB_NN_LAYERS_H_
