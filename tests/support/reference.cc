#include "support/reference.h"

#include <array>
#include <cmath>
#include <limits>
#include <random>

#include "catalogue/all.h"

namespace actlab::testing {
namespace {

using Evaluate = Big (*)(const Big&, const double*);

struct ReferencePair {
  Evaluate value, derivative;
};

constexpr std::array<ReferencePair, kNumKinds> kReferences = {{
#define ACTLAB_ACTIVATION(Name) \
  {&catalogue::Name::Reference<Big>, &catalogue::Name::ReferenceDerivative<Big>},
#include "actlab/activations.inc"
}};

std::array<double, kMaxParams> Params(const Activation& act) {
  std::array<double, kMaxParams> params{};
  for (std::size_t i = 0; i < act.info().params.size(); ++i) {
    params[i] = act.param(static_cast<int>(i));
  }
  return params;
}

}  // namespace

Big ReferenceValue(const Activation& act, const Big& x) {
  return kReferences[static_cast<std::size_t>(act.kind())].value(x, Params(act).data());
}

Big ReferenceDerivative(const Activation& act, const Big& x) {
  return kReferences[static_cast<std::size_t>(act.kind())].derivative(x, Params(act).data());
}

std::vector<Activation> ActivationsUnderTest() {
  std::vector<Activation> acts;
  for (const Info& info : Catalogue()) {
    acts.emplace_back(info.kind);
    // One variant per parameter: a value inside the allowed range other than the default.
    for (const ParamSpec& p : info.params) {
      double other;
      if (!p.choices.empty()) {
        other = p.default_value == 0 ? 1 : 0;
      } else if (std::isfinite(p.max) && std::isfinite(p.min)) {
        other = p.min + (p.max - p.min) * 0.37;
      } else {
        other = p.default_value == 0 ? 0.5 : p.default_value * 1.7;
      }
      try {
        acts.push_back(acts.back().With(p.name, other));
      } catch (const SpecError&) {
        // A combination rule (lower <= upper, min < max) forbids this one; the default stays
        // covered.
      }
    }
  }
  return acts;
}

std::vector<double> SweepPoints(std::size_t dense_count) {
  std::vector<double> points;
  std::mt19937_64 random(20261126);
  std::uniform_real_distribution<double> mantissa(1.0, 2.0);
  for (int exponent = -1074; exponent <= 1023; exponent += 1) {
    const double scale = std::ldexp(1.0, exponent);
    const double m = exponent < -1022 ? 1.0 : mantissa(random);
    points.push_back(m * scale);
    points.push_back(-m * scale);
  }
  std::uniform_real_distribution<double> dense(-40.0, 40.0);
  for (std::size_t i = 0; i < dense_count; ++i) points.push_back(dense(random));
  for (double kink : {-20.0, -6.0, -3.0, -1.0, 0.0, 1.0, 3.0, 6.0, 20.0}) {
    points.push_back(kink);
    points.push_back(std::nextafter(kink, -1e9));
    points.push_back(std::nextafter(kink, 1e9));
  }
  points.push_back(std::numeric_limits<double>::denorm_min());
  points.push_back(-std::numeric_limits<double>::denorm_min());
  points.push_back(std::numeric_limits<double>::max());
  points.push_back(-std::numeric_limits<double>::max());
  return points;
}

std::string DataPath(const std::string& name) {
  return std::string(ACTLAB_TEST_DATA_DIR) + "/" + name;
}

}  // namespace actlab::testing
