// Mean-field theory of the deep-network experiment (Poole et al. 2016, Schoenholz et al. 2017): for
// wide layers the pre-activation variance q follows the length map
//   q' = sigma_w2 E[phi(sqrt(q) z)^2] + sigma_b2,   z ~ N(0, 1),
// and the mean squared gradient changes by chi(q) = sigma_w2 E[phi'(sqrt(q) z)^2] per layer.
#ifndef ACTLAB_MEANFIELD_H_
#define ACTLAB_MEANFIELD_H_

#include <functional>
#include <string>
#include <vector>

#include "actlab/activation.h"

namespace actlab {

// E[g(z)] for z ~ N(0, 1), by adaptive Gauss-Legendre quadrature on [-40, 0] and [0, 40] (bisecting
// where the two halves disagree, which locates kinks and jumps of g without being told where they
// are). Relative error about 1e-15 of E[|g|] for g growing at most polynomially.
long double GaussianExpectation(const std::function<long double(long double)>& g);

// What the theory says about one layer, at that layer's q.
struct MeanFieldLayer {
  int layer = 0;
  double q = 0;              // variance of the pre-activation H_l
  double mean = 0;           // E[Z_l] = E[phi(H_l)]
  double second_moment = 0;  // E[Z_l^2]
  double std = 0;            // sqrt(second_moment - mean^2): the std the simulation measures
  double chi = 0;            // chi(q_l)
  double grad_rms = 0;       // predicted rms of d loss / d Z_l, 1 at the last layer
};

// Where the length map takes q.
enum class FixedPointKind {
  kStable,    // converges to a positive fixed point q*
  kMarginal,  // the map is the identity: every q is a fixed point (q* = q0)
  kCollapse,  // q -> 0, no positive fixed point below q0
  kDiverge,   // q -> infinity, no fixed point above q0
};

struct MeanFieldTheory {
  Activation act;
  double sigma_w2 = 1, sigma_b2 = 0, q0 = 1;
  FixedPointKind kind = FixedPointKind::kStable;
  std::string status;         // a sentence: "converges to q* = ...", "collapses to 0 ...", ...
  double q_star = 0;          // 0 for a collapse, inf for divergence
  double map_slope = 0;       // dq'/dq at q* (stable when < 1); NaN without a positive q*
  double chi_1 = 0;           // chi at q*; for a collapse the limit q -> 0, for divergence q = 1e12
  double mean_at_q_star = 0;  // E[phi(sqrt(q*) z)]; NaN for divergence
  double depth_scale = 0;  // 1 / |ln chi_1|: layers over which the squared gradient changes by e;
                           // inf when chi_1 = 1
  std::vector<MeanFieldLayer> layers;  // per-layer predictions from q0
};

// The analysis for one activation: fixed point, chi_1, depth scale and `depth` layers of
// predictions from q0 (by default sigma_w2: unit-variance inputs through the first weights).
MeanFieldTheory AnalyzeMeanField(const Activation& act, double sigma_w2, int depth = 100,
                                 double q0 = -1, double sigma_b2 = 0);

// The per-layer predictions alone (cheaper than the analysis).
std::vector<MeanFieldLayer> MeanFieldTrajectory(const Activation& act, double sigma_w2, double q0,
                                                int depth, double sigma_b2 = 0);

// SELU's constants derived from E[selu(z)] = 0 and E[selu(z)^2] = 1 (z ~ N(0,1)) in closed form
// with MPFR at 256 bits, as decimal strings with `digits` significant digits, beside the
// tutorial's constants and the differences.
struct SeluConstants {
  std::string alpha, scale;                        // derived
  std::string tutorial_alpha, tutorial_scale;      // as the tutorial prints them
  std::string alpha_difference, scale_difference;  // derived - tutorial
};
SeluConstants DeriveSeluConstants(int digits = 40);

}  // namespace actlab

#endif  // ACTLAB_MEANFIELD_H_
