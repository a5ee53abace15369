// Optimisers that update parameters from their gradients, with PyTorch's update rules.
#ifndef ACTLAB_NN_OPTIMIZER_H_
#define ACTLAB_NN_OPTIMIZER_H_

#include <vector>

#include "actlab/nn/layers.h"

namespace actlab::nn {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // One update of every parameter from its gradient; the list must be the same on every call.
  virtual void Step(const std::vector<Parameter>& parameters) = 0;
  // Splits each update over `pool` (null: the calling thread); element-wise, so the result is the
  // same for any thread count.
  void set_pool(WorkerPool* pool) { pool_ = pool; }

 protected:
  // Runs fn(begin, end) over the elements [0, size), split over the pool.
  void ForElements(Eigen::Index size, const std::function<void(Eigen::Index, Eigen::Index)>& fn);

 private:
  WorkerPool* pool_ = nullptr;
};

// Adam (Kingma & Ba 2015) as torch.optim.Adam computes it: m = b1 m + (1-b1) g,
// v = b2 v + (1-b2) g^2, p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
class Adam : public Optimizer {
 public:
  explicit Adam(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
      : lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {}
  void Step(const std::vector<Parameter>& parameters) override;

 private:
  double lr_, beta1_, beta2_, eps_;
  long step_ = 0;
  std::vector<Matrix> m_, v_;
};

// SGD with momentum as torch.optim.SGD: buf = momentum buf + g (buf = g on the first step),
// p -= lr buf.
class Sgd : public Optimizer {
 public:
  explicit Sgd(double lr = 1e-2, double momentum = 0.9) : lr_(lr), momentum_(momentum) {}
  void Step(const std::vector<Parameter>& parameters) override;

 private:
  double lr_, momentum_;
  std::vector<Matrix> buffers_;
};

}  // namespace actlab::nn

#endif  // ACTLAB_NN_OPTIMIZER_H_
