// The SIMD kernels against the scalar oracle: every catalogue entry (and variants with other
// parameters), float and double, forward and backward. Shapes (every tail length, unaligned starts,
// in place), special values, thread-count independence, and accuracy within the catalogue's bound
// over a stratified sample (float32: 2^22 inputs; the exhaustive sweep is kernels_slow_test).
#include "actlab/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "actlab/accuracy.h"
#include "kernels/dispatch.h"
#include "support/reference.h"

namespace actlab {
namespace {

using testing::ActivationsUnderTest;

// More than twice the widest vector (16 floats), so that every tail length of every target occurs.
constexpr std::size_t kMaxTail = 2 * 16 + 1;

template <class T>
bool SameBits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

template <class T>
std::vector<T> MixedInputs(std::size_t n, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> wide(-30, 30);
  const std::vector<double> specials =
      SpecialInputs(sizeof(T) == 4 ? ElementType::kF32 : ElementType::kF64);
  std::vector<T> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] =
        i % 7 == 3 ? static_cast<T>(specials[i % specials.size()]) : static_cast<T>(wide(random));
  }
  return x;
}

template <class T>
std::vector<T> ForwardOf(const Activation& act, const std::vector<T>& x) {
  std::vector<T> y(x.size());
  Forward(act, std::span<const T>(x), std::span<T>(y));
  return y;
}

template <class T>
std::vector<T> BackwardOf(const Activation& act, const std::vector<T>& x,
                          const std::vector<T>& dy) {
  std::vector<T> dx(x.size());
  Backward(act, std::span<const T>(x), std::span<const T>(dy), std::span<T>(dx));
  return dx;
}

// Every length 0..kMaxTail at every start offset 0..3 (unaligned), with guards around the output:
// the same bits as the long-array result, and nothing written outside.
template <class T>
void CheckShapes(const Activation& act) {
  const std::size_t total = kMaxTail + 8;
  const std::vector<T> x = MixedInputs<T>(total, 11);
  const std::vector<T> dy = MixedInputs<T>(total, 12);
  const std::vector<T> y_all = ForwardOf(act, x);
  const std::vector<T> dx_all = BackwardOf(act, x, dy);
  const T guard = static_cast<T>(-12345.5);
  for (std::size_t offset = 0; offset < 4; ++offset) {
    for (std::size_t n = 0; n <= kMaxTail; ++n) {
      std::vector<T> y(total + 2, guard);
      Forward(act, std::span<const T>(x.data() + offset, n),
              std::span<T>(y.data() + 1 + offset, n));
      std::vector<T> dx(total + 2, guard);
      Backward(act, std::span<const T>(x.data() + offset, n),
               std::span<const T>(dy.data() + offset, n), std::span<T>(dx.data() + 1 + offset, n));
      for (std::size_t i = 0; i < total + 2; ++i) {
        const bool inside = i >= 1 + offset && i < 1 + offset + n;
        if (inside) {
          const std::size_t k = i - 1;
          ASSERT_TRUE(SameBits(y[i], y_all[k])) << act.ToString() << " n=" << n << " x=" << x[k];
          ASSERT_TRUE(SameBits(dx[i], dx_all[k])) << act.ToString() << " n=" << n << " x=" << x[k];
        } else {
          ASSERT_TRUE(SameBits(y[i], guard)) << act.ToString() << " wrote outside, n=" << n;
          ASSERT_TRUE(SameBits(dx[i], guard)) << act.ToString() << " wrote outside, n=" << n;
        }
      }
    }
  }
  // In place: y aliasing x; dx aliasing x and dy.
  std::vector<T> in_place = x;
  Forward(act, std::span<const T>(in_place), std::span<T>(in_place));
  std::vector<T> grad = dy;
  Backward(act, std::span<const T>(x), std::span<const T>(grad), std::span<T>(grad));
  std::vector<T> both = x;
  Backward(act, std::span<const T>(both), std::span<const T>(both), std::span<T>(both));
  const std::vector<T> both_expected = BackwardOf(act, x, x);
  for (std::size_t i = 0; i < total; ++i) {
    ASSERT_TRUE(SameBits(in_place[i], y_all[i])) << act.ToString() << " in place at x=" << x[i];
    ASSERT_TRUE(SameBits(grad[i], dx_all[i])) << act.ToString() << " dx = dy at x=" << x[i];
    ASSERT_TRUE(SameBits(both[i], both_expected[i])) << act.ToString() << " dx = x = dy";
  }
}

TEST(Kernels, EveryTailLengthOffsetAndInPlaceGiveTheSameBits) {
  for (const Activation& act : ActivationsUnderTest()) {
    CheckShapes<float>(act);
    CheckShapes<double>(act);
  }
}

TEST(Kernels, LengthsMustAgree) {
  const Activation act(Kind::kSigmoid);
  std::vector<float> a(4), b(5);
  EXPECT_THROW(Forward(act, std::span<const float>(a), std::span<float>(b)), std::invalid_argument);
  EXPECT_THROW(
      Backward(act, std::span<const float>(a), std::span<const float>(a), std::span<float>(b)),
      std::invalid_argument);
  std::vector<double> empty;
  EXPECT_NO_THROW(Forward(act, std::span<const double>(empty), std::span<double>(empty)));
}

template <class T>
void CheckThreads(const Activation& act) {
  // Long enough to be split (the kernels split from 1Mi elements), with a ragged end.
  const std::vector<T> x = MixedInputs<T>((std::size_t{1} << 20) + 77, 5);
  SetNumThreads(1);
  const std::vector<T> y1 = ForwardOf(act, x);
  const std::vector<T> d1 = BackwardOf(act, x, x);
  for (const int threads : {2, 3}) {
    SetNumThreads(threads);
    const std::vector<T> y2 = ForwardOf(act, x);
    const std::vector<T> d2 = BackwardOf(act, x, x);
    ASSERT_EQ(std::memcmp(y1.data(), y2.data(), x.size() * sizeof(T)), 0)
        << act.ToString() << " threads " << threads;
    ASSERT_EQ(std::memcmp(d1.data(), d2.data(), x.size() * sizeof(T)), 0)
        << act.ToString() << " threads " << threads;
  }
  SetNumThreads(0);
}

TEST(Kernels, ResultsDoNotDependOnTheThreadCount) {
  for (const Info& info : Catalogue()) {
    CheckThreads<float>(Activation(info.kind));
    CheckThreads<double>(Activation(info.kind));
  }
}

// Derivatives at the kinks equal the scalar oracle's (PyTorch's autograd convention), exactly.
// The float kernels take a fast path for whole vectors whose lanes all lie in the ordinary range
// and the general code otherwise; a vector with lanes of both kinds gives each lane the result of
// its own path. So an element's result depends on its value alone, not on its neighbours (an
// array with NaN, huge and tiny values sprinkled in gives the same bits for the others) nor on
// its position (alone in a one-element call).
template <class T>
void CheckNeighbours(const Activation& act) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> usual(-8, 8);
  const std::size_t n = 4096;
  std::vector<T> x(n);
  for (T& v : x) v = static_cast<T>(usual(random));
  const std::vector<double> specials =
      SpecialInputs(sizeof(T) == 4 ? ElementType::kF32 : ElementType::kF64);
  std::vector<T> mixed = x;
  for (std::size_t i = 0; i < n; i += 5) mixed[i] = static_cast<T>(specials[i % specials.size()]);
  const std::vector<T> y = ForwardOf(act, x), y_mixed = ForwardOf(act, mixed);
  const std::vector<T> dx = BackwardOf(act, x, x), dx_mixed = BackwardOf(act, mixed, x);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 5 == 0) {
      // The special value itself: the same as alone.
      ASSERT_TRUE(SameBits(y_mixed[i], ForwardOf(act, std::vector<T>{mixed[i]})[0]))
          << act.ToString() << " x=" << mixed[i];
      ASSERT_TRUE(
          SameBits(dx_mixed[i], BackwardOf(act, std::vector<T>{mixed[i]}, std::vector<T>{x[i]})[0]))
          << act.ToString() << " x=" << mixed[i];
      continue;
    }
    ASSERT_TRUE(SameBits(y[i], y_mixed[i])) << act.ToString() << " x=" << x[i];
    ASSERT_TRUE(SameBits(dx[i], dx_mixed[i])) << act.ToString() << " x=" << x[i];
    if (i % 64 == 1) {
      ASSERT_TRUE(SameBits(y[i], ForwardOf(act, std::vector<T>{x[i]})[0]))
          << act.ToString() << " x=" << x[i];
    }
  }
}

TEST(Kernels, AnElementsResultDependsOnItsValueAlone) {
  for (const Activation& act : ActivationsUnderTest()) {
    CheckNeighbours<float>(act);
    CheckNeighbours<double>(act);
  }
}

// Outputs of 32 MiB and more that overlap no input are written with non-temporal stores (after a
// head up to the vector alignment): the same bits as the ordinary stores of an in-place call.
template <class T>
void CheckStreaming(const Activation& act) {
  const std::size_t n = (std::size_t{32} << 20) / sizeof(T) + 77;
  const std::vector<T> x = MixedInputs<T>(n, 9);
  std::vector<T> in_place = x;
  Forward(act, std::span<const T>(in_place), std::span<T>(in_place));
  std::vector<T> dx_in_place = x;
  Backward(act, std::span<const T>(x), std::span<const T>(dx_in_place), std::span<T>(dx_in_place));
  for (const std::size_t offset : {0, 1}) {  // aligned and unaligned output
    std::vector<T> y(n + 1);
    Forward(act, std::span<const T>(x), std::span<T>(y.data() + offset, n));
    ASSERT_EQ(std::memcmp(y.data() + offset, in_place.data(), n * sizeof(T)), 0)
        << act.ToString() << " offset " << offset;
    Backward(act, std::span<const T>(x), std::span<const T>(x), std::span<T>(y.data() + offset, n));
    // f'(NaN) dy with dy = NaN: which of the two NaNs the product returns is up to the compiler's
    // choice of operand order, which may differ between the loops; any NaN is right.
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_TRUE(SameBits(y[offset + i], dx_in_place[i]) ||
                  (std::isnan(y[offset + i]) && std::isnan(dx_in_place[i])))
          << act.ToString() << " offset " << offset << " at x=" << x[i];
    }
  }
}

TEST(Kernels, StreamingStoresGiveTheSameBits) {
  for (const int threads : {1, 3}) {  // 3: every chunk streams its own part
    SetNumThreads(threads);
    for (const char* spec : {"sigmoid", "relu"}) {
      CheckStreaming<float>(Activation::Parse(spec));
      CheckStreaming<double>(Activation::Parse(spec));
    }
  }
  SetNumThreads(0);
}

// The points to check: every row's kinks (at its default parameters), and the kinks of some other
// parameter values. (Their neighbours are among the accuracy runs' special inputs, held to the
// rows' bounds.)
std::vector<std::pair<std::string, double>> KinkPoints() {
  std::vector<std::pair<std::string, double>> points;
  for (const Info& info : Catalogue()) {
    for (const double kink : info.kinks) points.emplace_back(std::string(info.name), kink);
  }
  for (const char* spec : {"leaky_relu:alpha=0.2", "rrelu:lower=0.1,upper=0.3", "elu:alpha=0.5",
                           "celu:alpha=2", "softsign"}) {
    points.emplace_back(spec, 0.0);
  }
  points.emplace_back("softplus", 20.000000000000004);
  return points;
}

TEST(Kernels, DerivativesAtKinksFollowTheOracle) {
  for (const auto& [spec, x] : KinkPoints()) {
    const Activation act = Activation::Parse(spec);
    for (double at : {x, x == 0 ? -0.0 : x}) {
      EXPECT_EQ(BackwardOf(act, std::vector<double>{at}, std::vector<double>{1})[0],
                act.Derivative(at))
          << spec << " at " << at;
      const auto xf = static_cast<float>(at);
      EXPECT_EQ(BackwardOf(act, std::vector<float>{xf}, std::vector<float>{1})[0],
                static_cast<float>(act.DerivativeExtended(xf)))
          << spec << " f32 at " << at;
    }
  }
}

// The edge cases the libraries people use get wrong.
TEST(Kernels, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto f = [](const char* spec, float x) {
    return ForwardOf(Activation::Parse(spec), std::vector<float>{x})[0];
  };
  EXPECT_EQ(f("sigmoid", -100), static_cast<float>(Activation(Kind::kSigmoid).Value(-100)));
  EXPECT_GT(f("sigmoid", -100), 0);  // 3.78e-44, kept
  EXPECT_TRUE(std::signbit(f("silu", -inf)) && f("silu", -inf) == 0);
  EXPECT_TRUE(std::signbit(f("gelu", -inf)) && f("gelu", -inf) == 0);
  EXPECT_TRUE(std::signbit(f("gelu:approximate=tanh", -inf)));
  EXPECT_TRUE(std::signbit(f("elu", -0.0f)));
  EXPECT_TRUE(std::signbit(f("tanh", -0.0f)));
  EXPECT_EQ(f("softplus", -17), static_cast<float>(Activation(Kind::kSoftplus).Value(-17)));
  for (const Info& info : Catalogue()) {
    EXPECT_TRUE(std::isnan(f(std::string(info.name).c_str(), nan))) << info.name;
    const Activation act(info.kind);
    EXPECT_TRUE(std::isnan(BackwardOf(act, std::vector<float>{nan}, std::vector<float>{1})[0]))
        << info.name;
  }
}

void ExpectAccurate(const Activation& act, ElementType type, Direction direction,
                    std::uint64_t samples) {
  AccuracyOptions options;
  options.type = type;
  options.direction = direction;
  options.samples = samples;
  const AccuracyReport r = MeasureAccuracy(act, options);
  EXPECT_TRUE(r.Passes()) << r.activation << " " << ToString(type) << " " << ToString(direction)
                          << ": max " << r.max_ulp << " ulp at x = " << r.worst_input << " (bound "
                          << r.bound << "), mistakes: nan " << r.nan_mistakes << ", inf "
                          << r.inf_mistakes << ", flush " << r.flush_mistakes << ", zero sign "
                          << r.zero_sign_mistakes;
}

// float32: per entry and direction 2^20 inputs (2^19 stratified bit patterns + 2^19 uniform points
// in [-40, 40]; 2^25 in the whole run) + the special values, against the extended-precision oracle
// (ample for float); variants with other parameters on a smaller sample.
TEST(KernelAccuracy, Float32WithinTheCatalogueBound) {
  for (const Info& info : Catalogue()) {
    for (Direction dir : {Direction::kForward, Direction::kBackward}) {
      ExpectAccurate(Activation(info.kind), ElementType::kF32, dir, std::uint64_t{1} << 19);
    }
  }
  for (const Activation& act : ActivationsUnderTest()) {
    for (Direction dir : {Direction::kForward, Direction::kBackward}) {
      ExpectAccurate(act, ElementType::kF32, dir, std::uint64_t{1} << 14);
    }
  }
}

// The other instruction sets with fused multiply-add that this machine runs (the tests above
// cover the one the dispatcher picks; the bounds assume FMA, see docs/kernels.md): AVX2's fast
// paths start the quotients from a division instead of rcp14. Every entry within its bound, both
// types and directions, on a smaller sample.
TEST(KernelAccuracy, EveryInstructionSetWithFmaWithinTheBound) {
  const std::string best = KernelTarget();
  for (const std::int64_t target : kernels::AvailableTargets()) {
    kernels::UseOnlyTargetForTest(target);
    const std::string name = KernelTarget();
    SCOPED_TRACE(name);
    if (name != best && (name == "AVX2" || name.starts_with("AVX3"))) {
      for (const Info& info : Catalogue()) {
        for (Direction dir : {Direction::kForward, Direction::kBackward}) {
          ExpectAccurate(Activation(info.kind), ElementType::kF32, dir, std::uint64_t{1} << 14);
          ExpectAccurate(Activation(info.kind), ElementType::kF64, dir, std::uint64_t{1} << 12);
        }
      }
      CheckNeighbours<float>(Activation(Kind::kSigmoid));
      CheckNeighbours<float>(Activation(Kind::kGelu));
    }
    kernels::UseOnlyTargetForTest(0);
  }
}

// float64 against the oracle (long double: 11 bits beyond double, so the measured ulp are good to
// about 0.01) on a sample; the slow suite runs 2^24 inputs.
TEST(KernelAccuracy, Float64WithinTheCatalogueBound) {
  for (const Activation& act : ActivationsUnderTest()) {
    for (Direction dir : {Direction::kForward, Direction::kBackward}) {
      ExpectAccurate(act, ElementType::kF64, dir, std::uint64_t{1} << 14);
    }
  }
}

// The parameters that scale the result (softplus's beta, the alpha of elu and celu) across their
// range, both types, forward: the final product with 1/beta or alpha must not add a rounding to the
// bound (it did: softplus with beta = 1.3 was 2.8 ulp in float64, 50 with beta = 0.01, where
// exp(beta x) underflowed before the division by beta).
TEST(KernelAccuracy, ScalingParametersAcrossTheirRange) {
  for (const char* spec :
       {"softplus:beta=0.01", "softplus:beta=0.5", "softplus:beta=1.3", "softplus:beta=3",
        "softplus:beta=10", "softplus:beta=100", "celu:alpha=0.05", "celu:alpha=0.5",
        "celu:alpha=3", "celu:alpha=30", "elu:alpha=0.3", "elu:alpha=3"}) {
    const Activation act = Activation::Parse(spec);
    ExpectAccurate(act, ElementType::kF32, Direction::kForward, std::uint64_t{1} << 14);
    ExpectAccurate(act, ElementType::kF64, Direction::kForward, std::uint64_t{1} << 14);
  }
}

// float64 against MPFR itself, on the sweep points (every binade, dense [-40, 40], the kinks).
TEST(KernelAccuracy, Float64AgainstMpfr) {
  const std::vector<double> points = testing::SweepPoints(1500);
  for (const Activation& act : ActivationsUnderTest()) {
    const std::vector<double> y = ForwardOf(act, points);
    const std::vector<double> dx = BackwardOf(act, points, std::vector<double>(points.size(), 1.0));
    double worst_f = 0, worst_d = 0, at_f = 0, at_d = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const testing::Big x(points[i]);
      const testing::Big rf = testing::ReferenceValue(act, x);
      const testing::Big rd = testing::ReferenceDerivative(act, x);
      const double ef = testing::UlpError(y[i], rf);
      double ed = testing::UlpError(dx[i], rd);
      if (std::fabs(rd.ToDouble()) < kDerivativeFloor &&
          std::fabs(points[i]) <= kDerivativeFloorWindow) {
        ed = std::min(ed, std::fabs(dx[i] - rd.ToDouble()) / std::ldexp(kDerivativeFloor, -52));
      }
      if (ef > worst_f) worst_f = ef, at_f = points[i];
      if (ed > worst_d) worst_d = ed, at_d = points[i];
    }
    const AccuracyBound& b = act.info().accuracy;
    EXPECT_LE(worst_f, std::max(b.f64_forward, 0.5)) << act.ToString() << " f at " << at_f;
    EXPECT_LE(worst_d, std::max(b.f64_backward, 0.5)) << act.ToString() << " f' at " << at_d;
  }
}

TEST(Kernels, ReportsItsTarget) { EXPECT_FALSE(KernelTarget().empty()); }

}  // namespace
}  // namespace actlab
