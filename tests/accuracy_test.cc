// actlab accuracy and the measuring code behind it (include/actlab/accuracy.h).
#include "actlab/accuracy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "actlab/kernels.h"
#include "support/run_program.h"

namespace actlab {
namespace {

using testing::RunActlab;

TEST(Accuracy, ExactEntriesMeasureZeroAndEveryoneCountsTheSpecials) {
  AccuracyOptions options;
  options.samples = 4096;
  const AccuracyReport relu = MeasureAccuracy(Activation(Kind::kRelu), options);
  EXPECT_EQ(relu.max_ulp, 0);
  EXPECT_TRUE(relu.Passes());
  EXPECT_EQ(relu.inputs, 2 * options.samples + SpecialInputs(ElementType::kF32).size());
  options.type = ElementType::kF64;
  options.direction = Direction::kBackward;
  const AccuracyReport sigmoid = MeasureAccuracy(Activation(Kind::kSigmoid), options);
  EXPECT_GT(sigmoid.max_ulp, 0);
  EXPECT_LE(sigmoid.max_ulp, sigmoid.bound);
  EXPECT_EQ(sigmoid.bound, Activation(Kind::kSigmoid).info().accuracy.f64_backward);
}

TEST(Accuracy, SpecialInputsHoldNaNInfinitiesZerosAndSubnormals) {
  const std::vector<double> s = SpecialInputs(ElementType::kF32);
  int nans = 0, infs = 0, negative_zeros = 0, subnormals = 0;
  for (double v : s) {
    nans += std::isnan(v);
    infs += std::isinf(v);
    negative_zeros += v == 0 && std::signbit(v);
    subnormals += std::fpclassify(static_cast<float>(v)) == FP_SUBNORMAL;
  }
  EXPECT_EQ(nans, 1);
  EXPECT_EQ(infs, 2);
  EXPECT_EQ(negative_zeros, 1);
  EXPECT_GE(subnormals, 4);
}

TEST(Accuracy, ExhaustiveIsForFloat32Only) {
  AccuracyOptions options;
  options.type = ElementType::kF64;
  options.exhaustive = true;
  EXPECT_THROW(MeasureAccuracy(Activation(Kind::kRelu), options), std::invalid_argument);
}

// The exhaustive sweep scores against the float64 kernel and calls the extended oracle only for
// the worst results. On a slice of 2^22 bit patterns, it must find the same maximum at the same
// input as scoring every result against the extended oracle directly.
TEST(Accuracy, ExhaustiveSweepFindsTheMaximumTheExtendedOracleFinds) {
  struct Slice {
    const char* spec;
    Direction direction;
    std::uint32_t first;  // bit pattern
  };
  const Slice slices[] = {{"sigmoid", Direction::kForward, 0xC0800000u},      // [-4, -6)
                          {"tanh", Direction::kForward, 0x3F000000u},         // [0.5, 0.75)
                          {"mish", Direction::kForward, 0xC0400000u},         // [-3, -4)
                          {"elu", Direction::kBackward, 0xC1000000u},         // [-8, -12)
                          {"softplus", Direction::kForward, 0xBF800000u},     // [-1, -1.5)
                          {"leaky_relu", Direction::kForward, 0x80000000u}};  // -0, subnormals
  constexpr std::uint64_t kCount = std::uint64_t{1} << 22;
  for (const Slice& slice : slices) {
    const Activation act = Activation::Parse(slice.spec);
    AccuracyOptions options;
    options.exhaustive = true;
    options.direction = slice.direction;
    options.first_pattern = slice.first;
    options.pattern_count = kCount;
    const AccuracyReport r = MeasureAccuracy(act, options);
    EXPECT_EQ(r.inputs, kCount) << slice.spec;
    EXPECT_EQ(r.oracle_disagreements, 0u) << slice.spec;
    EXPECT_GT(r.oracle_checks, kCount / 128) << slice.spec;  // about one input in 64

    std::vector<float> x(kCount), y(kCount);
    for (std::uint64_t i = 0; i < kCount; ++i) {
      const auto bits = static_cast<std::uint32_t>(slice.first + i);
      std::memcpy(&x[i], &bits, sizeof bits);
    }
    if (slice.direction == Direction::kForward) {
      Forward(act, x, y);
    } else {
      Backward(act, x, std::vector<float>(kCount, 1.0f), y);
    }
    double max_ulp = -1, worst = 0;
    for (std::uint64_t i = 0; i < kCount; ++i) {
      const long double ref = slice.direction == Direction::kForward ? act.ValueExtended(x[i])
                                                                     : act.DerivativeExtended(x[i]);
      const long double a = std::fabs(ref);
      const long double ulp = a == 0 ? std::numeric_limits<float>::denorm_min()
                                     : std::ldexp(1.0L, std::max(std::ilogb(a), -126) - 23);
      double err = static_cast<double>(std::fabs(y[i] - ref) / ulp);
      if (y[i] == static_cast<float>(ref)) err = std::min(err, 0.5);
      if (err > max_ulp) {
        max_ulp = err;
        worst = x[i];
      }
    }
    // Within a hair of a rounding tie the two oracles may disagree by their own error (2^-29 ulp),
    // so the worst of many results at 0.5 ulp may be another one; above that, the same input.
    EXPECT_NEAR(r.max_ulp, max_ulp, 1e-6) << slice.spec;
    if (max_ulp > 0.51) {
      EXPECT_EQ(r.worst_input, worst) << slice.spec;
    }
  }
}

TEST(AccuracyCommand, PrintsOneRowPerEntryAndDirection) {
  const auto result = RunActlab(
      {"accuracy", "--act", "sigmoid", "--act", "relu", "--samples", "1024", "--format", "csv"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out.rfind("activation,type,direction,inputs,max_ulp,worst_x,mean_ulp,", 0), 0u);
  EXPECT_NE(result.out.find("sigmoid,f32,fwd,"), std::string::npos);
  EXPECT_NE(result.out.find("relu,f32,bwd,"), std::string::npos);
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 5);
  EXPECT_EQ(result.out.find(",no\n"), std::string::npos) << result.out;
}

TEST(AccuracyCommand, RejectsWhatItCannotDo) {
  EXPECT_EQ(RunActlab({"accuracy", "--exhaustive", "--type", "f64"}).status, 2);
  EXPECT_EQ(RunActlab({"accuracy", "--type", "f16"}).status, 2);
  EXPECT_EQ(RunActlab({"accuracy", "--act", "nosuch"}).status, 2);
}

}  // namespace
}  // namespace actlab
