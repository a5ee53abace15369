// The scalar oracle (Activation::Value and Derivative) against the MPFR references over dense
// sweeps of the whole double range, against independently computed reference values, and its
// derivative against finite differences of its value.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "actlab/activation.h"
#include "support/reference.h"

namespace actlab {
namespace {

using testing::Big;
using testing::UlpError;

constexpr double kMaxUlp = 4;
// Derivatives with an interior zero (gelu, silu, mish) cannot be evaluated to a few ulp next to it
// without exact arithmetic; there the bound applies to the absolute error in units of 2^-62.
constexpr double kAbsoluteFloor = 0x1p-10;

struct Worst {
  double ulp = 0;
  double at = 0;
};

double ErrorInUlp(double got, const Big& reference, bool is_derivative) {
  const double ulp = UlpError(got, reference);
  if (!is_derivative || std::fabs(reference.ToDouble()) >= kAbsoluteFloor) return ulp;
  return std::min(ulp, std::fabs(got - reference.ToDouble()) / std::ldexp(1.0, -62));
}

TEST(ScalarAccuracy, EveryEntryWithinFourUlpOverTheWholeRange) {
  const std::vector<double> points = testing::SweepPoints(20000);
  std::cout << "activation                     max ulp f (at x)              max ulp f' (at x)\n";
  for (const Activation& act : testing::ActivationsUnderTest()) {
    Worst value, derivative;
    for (double x : points) {
      const Big bx(x);
      const double ev = ErrorInUlp(act.Value(x), testing::ReferenceValue(act, bx), false);
      const double ed = ErrorInUlp(act.Derivative(x), testing::ReferenceDerivative(act, bx), true);
      if (ev > value.ulp) value = {ev, x};
      if (ed > derivative.ulp) derivative = {ed, x};
    }
    std::printf("%-28s %8.3f (%-14.6g)  %8.3f (%-14.6g)\n", act.ToString().c_str(), value.ulp,
                value.at, derivative.ulp, derivative.at);
    EXPECT_LE(value.ulp, kMaxUlp) << act.ToString() << " f at x = " << value.at;
    EXPECT_LE(derivative.ulp, kMaxUlp) << act.ToString() << " f' at x = " << derivative.at;
  }
}

// reference_values.json was computed with mpmath at 50 digits, independently of this code: it
// checks the definitions themselves (and the MPFR references).
TEST(ScalarAccuracy, MatchesIndependentReferenceValues) {
  std::ifstream file(testing::DataPath("reference_values.json"));
  ASSERT_TRUE(file) << testing::DataPath("reference_values.json");
  const nlohmann::json data = nlohmann::json::parse(file);
  const std::map<std::string, std::string> specs = {{"sigmoid", "sigmoid"},
                                                    {"tanh", "tanh"},
                                                    {"relu", "relu"},
                                                    {"leaky_relu_0.01", "leaky_relu"},
                                                    {"leaky_relu_0.05", "leaky_relu:alpha=0.05"},
                                                    {"elu_1", "elu"},
                                                    {"selu", "selu"},
                                                    {"gelu_erf", "gelu"},
                                                    {"silu", "silu"},
                                                    {"softplus", "softplus"},
                                                    {"celu_1", "celu"},
                                                    {"mish", "mish"},
                                                    {"hardsigmoid", "hardsigmoid"},
                                                    {"hardswish", "hardswish"},
                                                    {"softsign", "softsign"},
                                                    {"logsigmoid", "logsigmoid"}};
  int checked = 0;
  for (const auto& [key, points] : data["values"].items()) {
    ASSERT_TRUE(specs.count(key)) << "no spec for " << key;
    const Activation act = Activation::Parse(specs.at(key));
    for (const auto& [x_text, expected] : points.items()) {
      if (x_text == "x_binary64") continue;
      // At +-1e-3 the values are given at the binary64 input too, which is what a double can hold.
      const bool inexact = x_text == "1e-3" || x_text == "-1e-3";
      const auto& values = inexact ? points["x_binary64"][x_text] : expected;
      const double x = std::stod(x_text);
      const Big f(values["f"].get<std::string>());
      const Big df(values["df"].get<std::string>());
      EXPECT_LE(UlpError(act.Value(x), f), kMaxUlp) << key << " f(" << x_text << ")";
      EXPECT_LE(UlpError(act.Derivative(x), df), kMaxUlp) << key << " f'(" << x_text << ")";
      // The MPFR reference agrees with mpmath to the 25 digits given.
      EXPECT_LE(UlpError(testing::ReferenceValue(act, Big(x)).ToDouble(), f), 0.5) << key;
      EXPECT_LE(UlpError(testing::ReferenceDerivative(act, Big(x)).ToDouble(), df), 0.5) << key;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 16 * 11);
}

// Central differences of ValueExtended in long double, away from kinks.
TEST(ScalarAccuracy, DerivativeMatchesFiniteDifferences) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> uniform(-12.0, 12.0);
  const double kinks[] = {-3, -1, 0, 1, 3, 6, 20};
  for (const Activation& act : testing::ActivationsUnderTest()) {
    double worst = 0, worst_at = 0;
    for (int i = 0; i < 4000; ++i) {
      const long double x = uniform(random);
      const long double h = 1e-6L * std::max(1.0L, std::fabs(x));
      bool near_kink = false;
      for (double k : kinks) near_kink |= std::fabs(x - k) < 4 * h;
      if (near_kink) continue;
      const long double numeric = (act.ValueExtended(x + h) - act.ValueExtended(x - h)) / (2 * h);
      const long double exact = act.DerivativeExtended(x);
      const double error =
          static_cast<double>(std::fabs(numeric - exact) / std::max(1.0L, std::fabs(exact)));
      if (error > worst) worst = error, worst_at = static_cast<double>(x);
    }
    EXPECT_LT(worst, 1e-9) << act.ToString() << " at x = " << worst_at;
  }
}

}  // namespace
}  // namespace actlab
