#include "actlab/nn/rng.h"

#include <cmath>
#include <numbers>

namespace actlab::nn {

double Rng::Normal() {
  const double u1 = Uniform();
  const double u2 = Uniform();
  return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::uint64_t Rng::Below(std::uint64_t n) {
  // Draws at or above the largest multiple of n are rejected, so that every remainder is equally
  // likely.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t draw = engine_();
  while (draw >= limit) draw = engine_();
  return draw % n;
}

}  // namespace actlab::nn
