// Gaussian expectations by adaptive Gauss-Legendre quadrature in long double. Gauss-Hermite would
// converge fast for smooth integrands but only as 1/n^2 across a kink (relu, elu, selu); bisecting
// where a panel and its halves disagree puts the panel edges at the kinks whatever they are.
#include <array>
#include <cmath>
#include <numbers>

#include "actlab/meanfield.h"

namespace actlab {
namespace {

constexpr int kOrder = 20;

struct Rule {
  std::array<long double, kOrder> nodes{}, weights{};
};

// Gauss-Legendre nodes and weights on [-1, 1] by Newton's method on P_n.
Rule MakeRule() {
  Rule rule;
  const long double pi = std::numbers::pi_v<long double>;
  for (int i = 0; i < kOrder; ++i) {
    long double x = std::cos(pi * (i + 0.75L) / (kOrder + 0.5L));
    long double derivative = 0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      long double p0 = 1, p1 = x;
      for (int k = 2; k <= kOrder; ++k) {
        const long double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = kOrder * (x * p1 - p0) / (x * x - 1);
      const long double step = p1 / derivative;
      x -= step;
      if (std::fabs(step) < 1e-21L) break;
    }
    rule.nodes[static_cast<std::size_t>(i)] = x;
    rule.weights[static_cast<std::size_t>(i)] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return rule;
}

const Rule& GetRule() {
  static const Rule rule = MakeRule();
  return rule;
}

struct Integrator {
  const std::function<long double(long double)>& g;
  long double tolerance = 0;
  mutable int panels_left = 100000;  // a bound on the work, should noise keep two halves apart

  long double Panel(long double a, long double b, bool absolute = false) const {
    const Rule& rule = GetRule();
    const long double half = (b - a) / 2, middle = (a + b) / 2;
    const long double norm = 1 / std::sqrt(2 * std::numbers::pi_v<long double>);
    long double sum = 0;
    for (std::size_t i = 0; i < kOrder; ++i) {
      const long double z = middle + half * rule.nodes[i];
      const long double value = g(z) * std::exp(-z * z / 2) * norm;
      sum += rule.weights[i] * (absolute ? std::fabs(value) : value);
    }
    return sum * half;
  }

  long double Adapt(long double a, long double b, long double whole, int depth) const {
    const long double middle = (a + b) / 2;
    const long double left = Panel(a, middle), right = Panel(middle, b);
    panels_left -= 2;
    if (std::fabs(left + right - whole) <= tolerance || depth >= 64 || panels_left <= 0) {
      return left + right;
    }
    return Adapt(a, middle, left, depth + 1) + Adapt(middle, b, right, depth + 1);
  }
};

}  // namespace

long double GaussianExpectation(const std::function<long double(long double)>& g) {
  // exp(-40^2/2) = 1e-348: nothing beyond +-40 matters for integrands of polynomial growth.
  static constexpr long double kEdges[] = {-40, -12, -6, -3, -1.5L, 0, 1.5L, 3, 6, 12, 40};
  Integrator integrator{g};
  long double scale = 0;
  for (std::size_t i = 0; i + 1 < std::size(kEdges); ++i) {
    scale += integrator.Panel(kEdges[i], kEdges[i + 1], /*absolute=*/true);
  }
  integrator.tolerance = std::max(scale * 1e-17L, 1e-4000L);
  long double total = 0;
  for (std::size_t i = 0; i + 1 < std::size(kEdges); ++i) {
    const long double a = kEdges[i], b = kEdges[i + 1];
    total += integrator.Adapt(a, b, integrator.Panel(a, b), 0);
  }
  return total;
}

}  // namespace actlab
