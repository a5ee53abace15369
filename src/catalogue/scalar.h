// Shared pieces of the catalogue's rows: the extended-precision scalar helpers that several
// families use.
#ifndef ACTLAB_SRC_CATALOGUE_SCALAR_H_
#define ACTLAB_SRC_CATALOGUE_SCALAR_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "actlab/activation.h"

namespace actlab::catalogue {

using LD = long double;
inline constexpr double kInf = std::numeric_limits<double>::infinity();
// The bound of the parameters that only scale or clamp (slopes, clamp values): finite in float32
// as in float64, since a float32 kernel converts them. Parameters inside exp() or a quotient
// (elu's and celu's alpha, softplus's beta and threshold) have narrower ranges in their rows: the
// ranges over which the kernels keep their accuracy bounds.
inline constexpr double kParamMax = 3.4028234663852886e38;

// 1/(1+e^-x) without overflow: e = exp(-|x|) is at most 1.
inline LD SigmoidL(LD x) {
  const LD e = std::exp(-std::fabs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

// sigmoid'(x) = e/(1+e)^2 with e = exp(-|x|), never s(1-s), which cancels for large |x|.
inline LD SigmoidDerivativeL(LD x) {
  const LD e = std::exp(-std::fabs(x));
  return e / ((1 + e) * (1 + e));
}

// log(1+e^x) in both tails.
inline LD SoftplusL(LD x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

}  // namespace actlab::catalogue

#endif  // ACTLAB_SRC_CATALOGUE_SCALAR_H_
