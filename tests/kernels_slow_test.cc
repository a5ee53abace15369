// The exhaustive float32 sweep (label `slow`, `make test-slow`): every one of the 2^32 bit
// patterns, forward and backward, for every catalogue entry, within the catalogue's bound and
// without NaN/inf/flush/zero-sign mistakes. The sweep scores against the float64 kernel and checks
// that fast oracle against the extended one at one input in 64 (src/accuracy/accuracy.cc). About a
// minute per entry and direction on two cores.
#include <gtest/gtest.h>

#include "actlab/accuracy.h"

namespace actlab {
namespace {

struct Case {
  Kind kind;
  Direction direction;
};

class Exhaustive : public ::testing::TestWithParam<Case> {};

TEST_P(Exhaustive, EveryFloat32WithinTheBound) {
  AccuracyOptions options;
  options.exhaustive = true;
  options.direction = GetParam().direction;
  const AccuracyReport r = MeasureAccuracy(Activation(GetParam().kind), options);
  EXPECT_EQ(r.inputs, std::uint64_t{1} << 32);
  EXPECT_GT(r.oracle_checks, std::uint64_t{1} << 25);  // about 2^26 = one input in 64
  EXPECT_EQ(r.oracle_disagreements, 0u);
  EXPECT_TRUE(r.Passes()) << r.activation << " " << ToString(r.direction) << ": max " << r.max_ulp
                          << " ulp at x = " << r.worst_input << " (bound " << r.bound
                          << "), mistakes: nan " << r.nan_mistakes << ", inf " << r.inf_mistakes
                          << ", flush " << r.flush_mistakes << ", zero sign "
                          << r.zero_sign_mistakes;
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const Info& info : Catalogue()) {
    cases.push_back({info.kind, Direction::kForward});
    cases.push_back({info.kind, Direction::kBackward});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, Exhaustive, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name(InfoOf(param_info.param.kind).name);
                           return name + (param_info.param.direction == Direction::kForward
                                              ? "_fwd"
                                              : "_bwd");
                         });

}  // namespace
}  // namespace actlab
