// actlab accuracy and the measuring code behind it (include/actlab/accuracy.h).
#include "actlab/accuracy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

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

TEST(AccuracyCommand, PrintsOneRowPerEntryAndDirection) {
  const auto result = RunActlab({"accuracy", "--act", "sigmoid", "--act", "relu", "--samples",
                                 "1024", "--format", "csv"});
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
