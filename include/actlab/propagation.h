// The deep-network experiment of the tutorial: a batch of standard-normal inputs pushed through
// `depth` dense layers of random weights and one activation, with the statistics of every layer
// forwards and of the gradient backwards. Draws follow numpy's legacy RandomState in the tutorial's
// order (inputs, then one weight matrix per layer, then the backward pass's G), so that the
// tutorial's script with the activation swapped gives the same numbers.
#ifndef ACTLAB_PROPAGATION_H_
#define ACTLAB_PROPAGATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/activation.h"

namespace actlab {

// How the weights of every layer are drawn: N(0, sigma_w2 / width), or for Glorot's uniform rule
// U(-a, a) with a = sqrt(3 sigma_w2 / width) (the same variance; a = sqrt(6 / (fan_in + fan_out))).
struct WeightInit {
  enum class Distribution { kNormal, kUniform };
  Distribution distribution = Distribution::kNormal;
  double sigma_w2 = 1;
  std::string name = "lecun";

  // The catalogue's rule: LeCun normal (sigma_w2 = 1), He normal (2), Glorot uniform (1).
  static WeightInit Of(Init init);
  // A rule's name as InitFromName reads it ("lecun", "he", "glorot", ...) or "sigma_w2=X" (normal,
  // X > 0 finite). Throws std::invalid_argument naming the choices.
  static WeightInit Parse(std::string_view text);
};

struct PropagationOptions {
  Activation act{Kind::kSelu};
  int depth = 100;
  int width = 100;
  int batch = 500;
  std::uint64_t seed = 42;
  WeightInit init;
  // Run the backward pass (it draws G after the forward pass, so it never changes the forward
  // numbers). Off, grad_rms is NaN.
  bool backward = true;
  // The backward pass keeps every layer's pre-activations and weights when they fit in this many
  // bytes; otherwise it keeps checkpoints and recomputes one segment at a time (same results).
  std::size_t memory_budget_bytes = std::size_t{1} << 30;

  // Throws std::invalid_argument for sizes below 1 or a seed above 2**32-1.
  void Validate() const;
};

// Statistics of one layer's output Z_l = act(Z_{l-1} W_l).
struct LayerRecord {
  int layer = 0;
  double mean_min = 0, mean_max = 0;  // min/max over samples of the mean across units
  double std_min = 0, std_max = 0;    // min/max over samples of the population std across units
  double mean = 0, std = 0;           // over all batch * width entries (population std)
  double zero_fraction = 0;           // share of entries exactly 0
  double grad_rms = 0;                // rms of d(sum(Z_last * G)) / dZ_l; NaN without backward
};

struct PropagationResult {
  PropagationOptions options;
  std::vector<LayerRecord> layers;  // one per layer, 0 .. depth-1
};

// Runs the experiment. Throws std::invalid_argument for invalid options.
PropagationResult Propagate(const PropagationOptions& options);

// The tutorial's line: "Layer 0: -0.26 < mean < 0.27, 0.74 < std deviation < 1.27".
std::string TutorialLine(const LayerRecord& record);

// Floating-point operations of the run's matrix products (2 batch width^2 per product).
double MatrixFlops(const PropagationOptions& options);

}  // namespace actlab

#endif  // ACTLAB_PROPAGATION_H_
