// The length map, its fixed points and the per-layer predictions.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "actlab/meanfield.h"

namespace actlab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// The range the fixed-point search covers, and the points it reports limits at.
constexpr double kSmallQ = 1e-30;
constexpr double kLargeQ = 1e12;
// |F(q)/q - 1| below this counts as "on the diagonal": far above quadrature error, far below any
// real drift over a hundred layers.
constexpr double kDiagonal = 1e-11;

struct Moments {
  long double mean, second, chi;
};

Moments MomentsAt(const Activation& act, double q) {
  const long double root = std::sqrt(static_cast<long double>(q));
  Moments m;
  m.mean = GaussianExpectation([&](long double z) { return act.ValueExtended(root * z); });
  m.second = GaussianExpectation([&](long double z) {
    const long double y = act.ValueExtended(root * z);
    return y * y;
  });
  m.chi = GaussianExpectation([&](long double z) {
    const long double d = act.DerivativeExtended(root * z);
    return d * d;
  });
  return m;
}

long double SecondMoment(const Activation& act, double q) {
  const long double root = std::sqrt(static_cast<long double>(q));
  return GaussianExpectation([&](long double z) {
    const long double y = act.ValueExtended(root * z);
    return y * y;
  });
}

double Chi(const Activation& act, double sigma_w2, double q) {
  const long double root = std::sqrt(static_cast<long double>(q));
  return static_cast<double>(sigma_w2 * GaussianExpectation([&](long double z) {
                               const long double d = act.DerivativeExtended(root * z);
                               return d * d;
                             }));
}

// dF/dq = sigma_w2 E[phi(sqrt(q) z) phi'(sqrt(q) z) z] / sqrt(q).
double MapSlope(const Activation& act, double sigma_w2, double q) {
  const long double root = std::sqrt(static_cast<long double>(q));
  const long double e = GaussianExpectation([&](long double z) {
    return act.ValueExtended(root * z) * act.DerivativeExtended(root * z) * z;
  });
  return static_cast<double>(sigma_w2 * e / root);
}

}  // namespace

std::vector<MeanFieldLayer> MeanFieldTrajectory(const Activation& act, double sigma_w2, double q0,
                                                int depth, double sigma_b2) {
  std::vector<MeanFieldLayer> layers;
  double q = q0;
  for (int layer = 0; layer < depth; ++layer) {
    MeanFieldLayer l;
    l.layer = layer;
    l.q = q;
    if (std::isfinite(q)) {
      const Moments m = MomentsAt(act, q);
      l.mean = static_cast<double>(m.mean);
      l.second_moment = static_cast<double>(m.second);
      l.std = static_cast<double>(std::sqrt(std::max(0.0L, m.second - m.mean * m.mean)));
      l.chi = static_cast<double>(sigma_w2 * m.chi);
      q = static_cast<double>(sigma_w2 * m.second + sigma_b2);
    } else {
      l.mean = l.second_moment = l.std = l.chi = kNaN;
    }
    layers.push_back(l);
  }
  // d loss / d Z_l = (phi'(H_{l+1}) * d loss / d Z_{l+1}) W_{l+1}^T: one factor chi(q_{l+1}).
  long double squared = 1;
  for (int layer = depth - 1; layer >= 0; --layer) {
    layers[static_cast<std::size_t>(layer)].grad_rms = static_cast<double>(std::sqrt(squared));
    squared *= layers[static_cast<std::size_t>(layer)].chi;
  }
  return layers;
}

MeanFieldTheory AnalyzeMeanField(const Activation& act, double sigma_w2, int depth, double q0,
                                 double sigma_b2) {
  MeanFieldTheory t;
  t.act = act;
  t.sigma_w2 = sigma_w2;
  t.sigma_b2 = sigma_b2;
  t.q0 = q0 > 0 ? q0 : sigma_w2;
  auto ratio = [&](double q) {
    return static_cast<double>((sigma_w2 * SecondMoment(act, q) + sigma_b2) / q) - 1;
  };
  // r(q) = F(q)/q - 1 on a logarithmic grid; its robust sign changes bracket the fixed points.
  std::vector<double> grid, r;
  for (int k = -120; k <= 48; ++k) grid.push_back(std::pow(10.0, k / 4.0));
  bool identity = true;
  for (const double q : grid) {
    r.push_back(ratio(q));
    identity &= std::fabs(r.back()) < kDiagonal;
  }
  std::vector<double> roots;
  std::size_t previous = grid.size();  // the last grid point with a robust sign
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (std::fabs(r[i]) < kDiagonal) continue;
    if (previous < grid.size() && (r[previous] > 0) != (r[i] > 0)) {
      double lo = grid[previous], hi = grid[i];
      const bool rising = r[previous] < 0;
      for (int iteration = 0; iteration < 200 && hi - lo > 4e-16 * hi; ++iteration) {
        const double mid = hi / lo > 2 ? std::sqrt(lo * hi) : lo + (hi - lo) / 2;
        ((ratio(mid) < 0) == rising ? lo : hi) = mid;
      }
      roots.push_back((lo + hi) / 2);
    }
    previous = i;
  }

  const double r0 = ratio(t.q0);
  t.map_slope = kNaN;
  if (identity) {
    t.kind = FixedPointKind::kMarginal;
    t.q_star = t.q0;
  } else {
    // From q0 the map moves towards the nearest root in the direction of r(q0)'s sign.
    double target = kNaN;
    if (std::fabs(r0) < kDiagonal) {
      target = t.q0;
      for (const double root : roots) {
        if (std::fabs(root - t.q0) < 1e-6 * t.q0) target = root;
      }
    } else if (r0 < 0) {
      for (const double root : roots) {
        if (root < t.q0) target = root;
      }
    } else {
      for (auto it = roots.rbegin(); it != roots.rend(); ++it) {
        if (*it > t.q0) target = *it;
      }
    }
    if (!std::isnan(target)) {
      t.kind = FixedPointKind::kStable;
      t.q_star = target;
    } else if (r0 < 0) {
      t.kind = FixedPointKind::kCollapse;
      t.q_star = 0;
    } else {
      t.kind = FixedPointKind::kDiverge;
      t.q_star = kInf;
    }
  }

  const double limit_small = ratio(kSmallQ) + 1, limit_large = ratio(kLargeQ) + 1;
  switch (t.kind) {
    case FixedPointKind::kStable:
    case FixedPointKind::kMarginal: {
      t.chi_1 = Chi(act, sigma_w2, t.q_star);
      t.map_slope = MapSlope(act, sigma_w2, t.q_star);
      const long double root = std::sqrt(static_cast<long double>(t.q_star));
      t.mean_at_q_star = static_cast<double>(
          GaussianExpectation([&](long double z) { return act.ValueExtended(root * z); }));
      t.status =
          t.kind == FixedPointKind::kMarginal
              ? fmt::format(
                    "marginal: the map is the identity, every q is a fixed point "
                    "(q* = q0 = {:.6g})",
                    t.q_star)
              : fmt::format(
                    "converges to the fixed point q* = {:.10g} (map slope {:.6g}, "
                    "{})",
                    t.q_star, t.map_slope, std::fabs(t.map_slope) < 1 ? "stable" : "unstable");
      break;
    }
    case FixedPointKind::kCollapse: {
      t.chi_1 = Chi(act, sigma_w2, kSmallQ);
      const long double root = std::sqrt(static_cast<long double>(kSmallQ));
      t.mean_at_q_star = static_cast<double>(
          GaussianExpectation([&](long double z) { return act.ValueExtended(root * z); }));
      t.status = std::fabs(limit_small - 1) < 1e-6
                     ? "no fixed point: collapses to 0 (algebraically; F(q)/q -> 1 as q -> 0)"
                     : fmt::format(
                           "no fixed point: collapses to 0 (geometrically, by {:.6g} per "
                           "layer)",
                           limit_small);
      break;
    }
    case FixedPointKind::kDiverge:
      t.chi_1 = Chi(act, sigma_w2, kLargeQ);
      t.mean_at_q_star = kNaN;
      t.status = std::fabs(limit_large - 1) < 1e-6
                     ? fmt::format(
                           "no fixed point: grows without bound (sub-geometrically; "
                           "F(q)/q = {:.8g} at q = 1e12)",
                           limit_large)
                     : fmt::format(
                           "no fixed point: grows without bound (geometrically, by "
                           "{:.6g} per layer)",
                           limit_large);
      break;
  }
  t.depth_scale = t.chi_1 == 1 ? kInf : 1 / std::fabs(std::log(t.chi_1));
  t.layers = MeanFieldTrajectory(act, sigma_w2, t.q0, depth, sigma_b2);
  return t;
}

}  // namespace actlab
