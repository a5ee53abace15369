// actlab apply: forward and backward over .npy arrays of both types and several shapes, compared
// with the scalar catalogue, and every error with its exit status and message.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>

#include "actlab/accuracy.h"
#include "actlab/activation.h"
#include "actlab/npy.h"
#include "support/reference.h"
#include "support/run_program.h"

namespace actlab {
namespace {

using testing::DataPath;
using testing::RunActlab;

std::string Npy(const std::string& name) { return DataPath("npy/" + name); }
std::string Temp(const std::string& name) { return ::testing::TempDir() + "/apply_" + name; }

// Distance in representable values; NaN matches only NaN.
template <class T>
double UlpDistance(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INFINITY;
  using Bits = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
  auto ordered = [](T v) {
    const Bits bits = std::bit_cast<Bits>(v);
    return static_cast<long double>(bits < 0 ? std::numeric_limits<Bits>::min() - bits : bits);
  };
  return static_cast<double>(std::fabs(ordered(a) - ordered(b)));
}

const char* const kFixtures[] = {"f32_2x3.npy",   "f64_7.npy",   "f32_2x3x4.npy",  "f64_scalar.npy",
                                 "f32_empty.npy", "f64_3x0.npy", "f64_special.npy"};
const char* const kSpecs[] = {"sigmoid",    "elu:alpha=0.5", "gelu:approximate=tanh",
                              "leaky_relu", "softplus",      "hardswish"};

template <class T>
void ExpectMatches(const Activation& act, const NpyArray& x, const NpyArray& result,
                   bool backward) {
  const auto in = x.data<T>();
  const auto out = result.data<T>();
  const AccuracyBound& bound = act.info().accuracy;
  const double allowed = (sizeof(T) == 4 ? (backward ? bound.f32_backward : bound.f32_forward)
                                         : (backward ? bound.f64_backward : bound.f64_forward)) +
                         2;  // the kernel rounds f' before the product
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double xi = in[i];
    // --grad is the input itself, so dx = f'(x) * x.
    const T expected = static_cast<T>(backward ? act.Derivative(xi) * xi : act.Value(xi));
    // Next to an interior zero of f' (gelu, silu, mish) the kernels meet an absolute bound in ulps
    // of kDerivativeFloor instead (accuracy.h); dx = f'(x) x scales it by |x|.
    const bool near_zero_of_slope = backward && std::fabs(xi) <= kDerivativeFloorWindow &&
                                    std::fabs(act.Derivative(xi)) < kDerivativeFloor;
    if (near_zero_of_slope) {
      const double unit = std::ldexp(kDerivativeFloor, -std::numeric_limits<T>::digits + 1);
      EXPECT_LE(std::fabs(static_cast<double>(out[i]) - static_cast<double>(expected)),
                allowed * unit * std::max(1.0, std::fabs(xi)))
          << act.ToString() << " backward x=" << xi << " got " << out[i] << " want " << expected;
      continue;
    }
    EXPECT_LE(UlpDistance(out[i], expected), allowed)
        << act.ToString() << (backward ? " backward" : " forward") << " x=" << xi << " got "
        << out[i] << " want " << expected;
  }
}

TEST(ApplyCommand, ForwardAndBackwardMatchTheCatalogue) {
  for (const char* fixture : kFixtures) {
    const NpyArray x = ReadNpy(Npy(fixture));
    for (const char* spec : kSpecs) {
      const Activation act = Activation::Parse(spec);
      for (const bool backward : {false, true}) {
        SCOPED_TRACE(std::string(fixture) + " " + spec + (backward ? " backward" : " forward"));
        const std::string out = Temp("out.npy");
        std::vector<std::string> args = {"apply", spec, "--in", Npy(fixture), "--out", out};
        if (backward) args.insert(args.end(), {"--backward", "--grad", Npy(fixture)});
        const auto result = RunActlab(args);
        ASSERT_EQ(result.status, 0) << result.err;
        EXPECT_EQ(result.out, "");
        const NpyArray y = ReadNpy(out);
        ASSERT_EQ(y.type(), x.type());
        ASSERT_EQ(y.shape(), x.shape());
        if (x.type() == NpyType::kFloat32) {
          ExpectMatches<float>(act, x, y, backward);
        } else {
          ExpectMatches<double>(act, x, y, backward);
        }
      }
    }
  }
}

std::string Slurp(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

TEST(ApplyCommand, ThreadCountDoesNotChangeTheResultAndOutputMayBeTheInput) {
  const std::vector<double> x = [] {
    std::vector<double> v(100003);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::sin(static_cast<double>(i)) * 12;
    return v;
  }();
  const std::string in = Temp("big.npy");
  WriteNpy(in, std::vector<std::uint64_t>{x.size()}, std::span<const double>(x));
  ASSERT_EQ(
      RunActlab({"apply", "mish", "--in", in, "--out", Temp("t1.npy"), "--threads", "1"}).status,
      0);
  ASSERT_EQ(
      RunActlab({"apply", "mish", "--in", in, "--out", Temp("t2.npy"), "--threads", "2"}).status,
      0);
  EXPECT_EQ(Slurp(Temp("t1.npy")), Slurp(Temp("t2.npy")));
  // In place on disk: --out names the input file.
  ASSERT_EQ(RunActlab({"apply", "mish", "--in", in, "--out", in}).status, 0);
  EXPECT_EQ(Slurp(in), Slurp(Temp("t1.npy")));
}

struct ErrorCase {
  std::vector<std::string> args;
  int status;
  std::vector<std::string> message_parts;
};

TEST(ApplyCommand, ErrorsHaveTheirStatusAndSayWhatIsAllowed) {
  const std::string out = Temp("never.npy");
  const ErrorCase cases[] = {
      {{"apply", "relu", "--in", Npy("fortran.npy"), "--out", out},
       1,
       {Npy("fortran.npy"), "Fortran order"}},
      {{"apply", "relu", "--in", Npy("big_endian.npy"), "--out", out},
       1,
       {"big-endian", "'<f4' (float32) or '<f8' (float64)"}},
      {{"apply", "relu", "--in", Npy("int32.npy"), "--out", out}, 1, {"'<i4'"}},
      {{"apply", "relu", "--in", Npy("truncated_data.npy"), "--out", out},
       1,
       {"needs 24 data bytes"}},
      {{"apply", "relu", "--in", Npy("no-such.npy"), "--out", out},
       1,
       {"cannot read", "no-such.npy"}},
      {{"apply", "relu", "--in", Npy("f64_7.npy"), "--out", "/proc/version/y.npy"},
       1,
       {"cannot write '/proc/version/y.npy'"}},
      {{"apply", "relu", "--in", Npy("f32_2x3.npy"), "--out", out, "--backward", "--grad",
        Npy("f64_7.npy")},
       2,
       {"float64", "float32", "same dtype"}},
      {{"apply", "relu", "--in", Npy("f32_2x3.npy"), "--out", out, "--backward", "--grad",
        Npy("f32_2x3x4.npy")},
       2,
       {"(2, 3, 4)", "(2, 3)", "same shape"}},
      {{"apply", "relu", "--in", Npy("f32_2x3.npy"), "--out", out, "--backward"},
       2,
       {"--backward needs --grad"}},
      {{"apply", "relu", "--in", Npy("f32_2x3.npy"), "--out", out, "--grad", Npy("f32_2x3.npy")},
       2,
       {"--grad is only allowed with --backward"}},
      {{"apply", "relu", "--in", Npy("f32_2x3.npy"), "--out", out, "--threads", "-1"},
       2,
       {"--threads: '-1' is out of range", "or auto"}},
      {{"apply", "nosuch", "--in", Npy("f32_2x3.npy"), "--out", out}, 2, {"nosuch"}},
      {{"apply", "elu:beta=1", "--in", Npy("f32_2x3.npy"), "--out", out}, 2, {"beta"}},
      {{"apply", "relu", "--in", Npy("f32_2x3.npy")}, 2, {"--out"}},
  };
  for (const ErrorCase& error : cases) {
    const auto result = RunActlab(error.args);
    EXPECT_EQ(result.status, error.status) << result.err;
    EXPECT_EQ(result.err.rfind("actlab: error: ", 0), 0u) << result.err;
    for (const std::string& part : error.message_parts) {
      EXPECT_NE(result.err.find(part), std::string::npos) << part << " not in " << result.err;
    }
  }
  EXPECT_FALSE(std::ifstream(out).good()) << "an output was written despite the error";
}

TEST(ApplyCommand, HelpHasAnExample) {
  const auto result = RunActlab({"apply", "--help"});
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("Example: actlab apply"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace actlab
