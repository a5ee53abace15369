// Mean-field theory against tests/data/meanfield.json (tanh-sinh quadrature in mpmath, checked
// against closed forms), Gaussian expectations against closed forms, SELU's constants to 30 digits.
#include "actlab/meanfield.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "support/reference.h"
#include "support/run_program.h"

namespace actlab {
namespace {

constexpr double kTolerance = 1e-12;  // the brief's accuracy for Gaussian expectations

// |got - expected| <= 1e-12 |expected| + floor (the floor for values that are 0 in exact maths).
void ExpectClose(double got, double expected, const std::string& what, double floor = 1e-15) {
  EXPECT_LE(std::fabs(got - expected), kTolerance * std::fabs(expected) + floor)
      << what << ": " << got << " vs " << expected;
}

TEST(GaussianExpectation, MatchesClosedForms) {
  const double inv_sqrt_2pi = 1 / std::sqrt(2 * std::numbers::pi);
  ExpectClose(static_cast<double>(GaussianExpectation([](long double) { return 1.0L; })), 1,
              "E[1]");
  ExpectClose(static_cast<double>(GaussianExpectation([](long double z) { return z * z; })), 1,
              "E[z^2]");
  ExpectClose(static_cast<double>(GaussianExpectation([](long double z) { return z * z * z * z; })),
              3, "E[z^4]");
  ExpectClose(
      static_cast<double>(GaussianExpectation([](long double z) { return z > 0 ? z : 0.0L; })),
      inv_sqrt_2pi, "E[relu(z)]");
  // A kink away from 0, found by the bisection: E[max(z - 1, 0)] = phi(1) - Phi(-1).
  const double phi1 = inv_sqrt_2pi * std::exp(-0.5), tail1 = std::erfc(1 / std::sqrt(2.0)) / 2;
  ExpectClose(
      static_cast<double>(GaussianExpectation([](long double z) { return z > 1 ? z - 1 : 0.0L; })),
      phi1 - tail1, "E[max(z-1,0)]");
  // A jump away from 0: P(z > 0.7).
  ExpectClose(static_cast<double>(
                  GaussianExpectation([](long double z) { return z > 0.7L ? 1.0L : 0.0L; })),
              std::erfc(0.7 / std::sqrt(2.0)) / 2, "P(z>0.7)");
  ExpectClose(static_cast<double>(
                  GaussianExpectation([](long double z) { return z < 0 ? std::exp(z) : 0.0L; })),
              std::exp(0.5) * tail1, "E[e^z; z<0]");
}

// "leaky_relu_0.01" -> leaky_relu:alpha=0.01, "elu_1" -> elu, "gelu_erf" -> gelu. The reference's
// softplus is log(1 + e^x) everywhere; the catalogue's default switches to x above 20 (PyTorch),
// which moves q by 2e-11 relative after 100 He layers, so the comparison lifts the threshold.
Activation FromCaseName(const std::string& name) {
  if (name == "softplus") return Activation::Parse("softplus:threshold=1000");
  if (name == "elu_1") return Activation::Parse("elu");
  if (name == "gelu_erf") return Activation::Parse("gelu");
  if (name.starts_with("leaky_relu_")) {
    return Activation::Parse("leaky_relu:alpha=" + name.substr(std::string("leaky_relu_").size()));
  }
  return Activation::Parse(name);
}

nlohmann::json Load() {
  std::ifstream in(testing::DataPath("meanfield.json"));
  EXPECT_TRUE(in);
  return nlohmann::json::parse(in);
}

TEST(MeanField, TrajectoriesMatchTheReferenceLayerByLayer) {
  const nlohmann::json data = Load();
  int cases = 0;
  for (const auto& [name, c] : data["cases"].items()) {
    const std::string act_name = name.substr(0, name.find('|'));
    const double sigma_w2 = std::stod(name.substr(name.find("sw2=") + 4));
    const Activation act = FromCaseName(act_name);
    for (const double q0 : {1.0, 2.0}) {
      const std::string key = q0 == 1 ? "trajectory_q0=1" : "trajectory_q0=2";
      if (!c.contains(key)) continue;
      const auto& t = c[key];
      const auto layers = MeanFieldTrajectory(act, sigma_w2, q0, 100);
      for (int l = 0; l < 100; ++l) {
        const std::string what = name + " q0=" + std::to_string(q0) + " layer " + std::to_string(l);
        const auto i = static_cast<std::size_t>(l);
        ExpectClose(layers[i].q, t["q"][i].get<double>(), what + " q", 1e-300);
        ExpectClose(layers[i].mean, t["mean_act"][i].get<double>(), what + " mean");
        ExpectClose(layers[i].std, t["std_act"][i].get<double>(), what + " std", 1e-300);
        ExpectClose(layers[i].chi, t["chi"][i].get<double>(), what + " chi", 1e-300);
      }
      ++cases;
    }
  }
  EXPECT_GE(cases, 30);
}

TEST(MeanField, FixedPointsAndTheirFateMatchTheReference) {
  const nlohmann::json data = Load();
  for (const auto& [name, c] : data["cases"].items()) {
    const std::string act_name = name.substr(0, name.find('|'));
    const double sigma_w2 = std::stod(name.substr(name.find("sw2=") + 4));
    const MeanFieldTheory t = AnalyzeMeanField(FromCaseName(act_name), sigma_w2, 5);
    const std::string status = c["status"];
    if (status.starts_with("converges")) {
      ASSERT_EQ(t.kind, FixedPointKind::kStable) << name << ": " << t.status;
      ExpectClose(t.q_star, std::stod(c["q_star"].get<std::string>()), name + " q*");
      ExpectClose(t.chi_1, std::stod(c["chi_1"].get<std::string>()), name + " chi_1");
      ExpectClose(t.map_slope, std::stod(c["map_slope_at_q_star"].get<std::string>()),
                  name + " slope");
      ExpectClose(t.mean_at_q_star, std::stod(c["mean_act_at_q_star"].get<std::string>()),
                  name + " mean", 1e-14);
      EXPECT_LT(t.map_slope, 1) << name;
    } else if (status.starts_with("collapses")) {
      EXPECT_EQ(t.kind, FixedPointKind::kCollapse) << name << ": " << t.status;
      EXPECT_EQ(t.q_star, 0);
    } else if (status.starts_with("diverges")) {
      EXPECT_EQ(t.kind, FixedPointKind::kDiverge) << name << ": " << t.status;
      EXPECT_TRUE(std::isinf(t.q_star));
    } else {
      EXPECT_EQ(t.kind, FixedPointKind::kMarginal) << name << ": " << t.status;
      EXPECT_EQ(t.chi_1, 1.0);
    }
    EXPECT_FALSE(t.status.empty());
  }
}

TEST(MeanField, PredictedGradientsMultiplyChiLayerByLayer) {
  const auto layers = MeanFieldTrajectory(Activation::Parse("relu"), 1, 1, 10);
  EXPECT_EQ(layers.back().grad_rms, 1);
  ExpectClose(layers.front().grad_rms, std::pow(0.5, 4.5), "relu grad after 9 layers");
}

TEST(SeluConstants, DerivedFromTheirDefinitionToThirtyDigits) {
  const SeluConstants c = DeriveSeluConstants(40);
  // 31 significant digits agree with the tutorial's 32-digit constants; the 32nd is its rounding.
  EXPECT_EQ(c.alpha.substr(0, 32), std::string(c.tutorial_alpha).substr(0, 32));
  EXPECT_EQ(c.scale.substr(0, 32), std::string(c.tutorial_scale).substr(0, 32));
  EXPECT_LT(std::fabs(std::stod(c.alpha_difference)), 1e-30);
  EXPECT_LT(std::fabs(std::stod(c.scale_difference)), 1e-30);
  EXPECT_NE(std::stod(c.alpha_difference), 0);  // really derived, not copied
  // The two conditions, checked by quadrature with the catalogue's selu.
  const Activation selu = Activation::Parse("selu");
  ExpectClose(static_cast<double>(
                  GaussianExpectation([&](long double z) { return selu.ValueExtended(z); })),
              0, "E[selu]", 1e-15);
  ExpectClose(static_cast<double>(GaussianExpectation([&](long double z) {
                const long double y = selu.ValueExtended(z);
                return y * y;
              })),
              1, "E[selu^2]");
}

TEST(TheoryCli, PrintsTheSeluConstantsBesideTheTutorials) {
  const auto result = testing::RunActlab({"theory", "--selu-constants"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("1.67326324235437728481704299167165"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1.6732632423543772848170429916717 "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1.05070098735548049341933498529460"), std::string::npos) << result.out;
}

TEST(TheoryCli, ReportsEachFateAndRejectsBadInput) {
  const auto result = testing::RunActlab({"theory", "--act", "relu", "--act", "selu", "--act",
                                          "tanh", "--init", "he", "--format", "csv"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("relu,2,2,marginal,"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("selu,2,2,diverge,inf,"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("tanh,2,2,fixed_point,0.61796476976854"), std::string::npos)
      << result.out;
  const auto per_layer = testing::RunActlab(
      {"theory", "--act", "relu", "--per-layer", "--depth", "3", "--format", "csv"});
  EXPECT_EQ(per_layer.out,
            "activation,sigma_w2,layer,q,mean,std,chi,grad_rms\n"
            "relu,1,0,1,0.3989422804014327,0.5838193701035489,0.5,0.5\n"
            "relu,1,1,0.5,0.28209479177387814,0.4128226355882782,0.5,0.70710678118654757\n"
            "relu,1,2,0.25,0.19947114020071635,0.29190968505177445,0.5,1\n")
      << per_layer.out;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"theory", "--init", "xavier"},
        std::vector<std::string>{"theory", "--act", "nope"},
        std::vector<std::string>{"theory", "--depth", "0"}}) {
    const auto bad = testing::RunActlab(args);
    EXPECT_EQ(bad.status, 2) << args[1] << ": " << bad.err;
    EXPECT_NE(bad.err.find("actlab: error: "), std::string::npos);
  }
}

}  // namespace
}  // namespace actlab
