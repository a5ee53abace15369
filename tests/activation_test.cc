// The catalogue and the Activation type: the list, specs, parameters, special values and kinks.
#include "actlab/activation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "support/reference.h"

namespace actlab {
namespace {

using testing::ActivationsUnderTest;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Catalogue, HasEveryRequiredEntryOnce) {
  const std::set<std::string_view> required = {
      "sigmoid",   "tanh",     "relu",  "leaky_relu", "rrelu",     "prelu",    "elu",
      "selu",      "celu",     "gelu",  "silu",       "mish",      "softplus", "hardsigmoid",
      "hardswish", "hardtanh", "relu6", "softsign",   "logsigmoid"};
  std::set<std::string_view> names;
  for (const Info& info : Catalogue()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name << " twice";
    EXPECT_EQ(&InfoOf(info.kind), &info);
    EXPECT_FALSE(info.formula.empty()) << info.name;
    EXPECT_FALSE(info.derivative.empty()) << info.name;
    EXPECT_FALSE(info.source.empty()) << info.name;
    EXPECT_LT(info.plot.x_min, info.plot.x_max) << info.name;
  }
  for (std::string_view name : required) EXPECT_TRUE(names.count(name)) << name << " missing";
  EXPECT_EQ(Catalogue().size(), static_cast<std::size_t>(kNumKinds));
}

TEST(Catalogue, DefaultsLieInTheirRangesAndNamesResolve) {
  for (const Info& info : Catalogue()) {
    EXPECT_EQ(KindFromName(info.name), info.kind);
    for (std::string_view alias : info.aliases) EXPECT_EQ(KindFromName(alias), info.kind) << alias;
    const Activation act(info.kind);
    for (std::size_t i = 0; i < info.params.size(); ++i) {
      EXPECT_EQ(act.param(static_cast<int>(i)), info.params[i].default_value);
      EXPECT_NO_THROW(act.With(info.params[i].name, info.params[i].default_value)) << info.name;
      // Finite bounds: `list --format json` writes them as JSON numbers.
      EXPECT_TRUE(std::isfinite(info.params[i].min) && std::isfinite(info.params[i].max))
          << info.name << " " << info.params[i].name;
    }
  }
  EXPECT_EQ(KindFromName("Logistic"), Kind::kSigmoid);
  EXPECT_EQ(KindFromName("swish"), Kind::kSilu);
  EXPECT_EQ(KindFromName("leaky-relu"), Kind::kLeakyRelu);
}

TEST(Catalogue, TutorialFiguresAreMarked) {
  std::set<std::string_view> tutorial;
  for (const Info& info : Catalogue()) {
    if (info.plot.in_tutorial) tutorial.insert(info.name);
  }
  EXPECT_EQ(tutorial, (std::set<std::string_view>{"sigmoid", "tanh", "leaky_relu", "elu", "selu"}));
  EXPECT_EQ(Activation::Parse(InfoOf(Kind::kLeakyRelu).plot.figure_spec).param("alpha"), 0.05);
}

TEST(Spec, RoundTripsForEveryEntryAndVariant) {
  for (const Activation& act : ActivationsUnderTest()) {
    const std::string spec = act.ToString();
    EXPECT_EQ(Activation::Parse(spec), act) << spec;
    EXPECT_EQ(Activation::Parse(spec).ToString(), spec);
  }
}

TEST(Spec, CanonicalForm) {
  EXPECT_EQ(Activation::Parse("elu").ToString(), "elu");
  EXPECT_EQ(Activation::Parse("ELU:alpha=1").ToString(), "elu");
  EXPECT_EQ(Activation::Parse(" elu : alpha = 0.5 ").ToString(), "elu:alpha=0.5");
  EXPECT_EQ(Activation::Parse("rrelu:upper=0.3,lower=0.1").ToString(), "rrelu:lower=0.1,upper=0.3");
  EXPECT_EQ(Activation::Parse("gelu:approximate=tanh").ToString(), "gelu:approximate=tanh");
  EXPECT_EQ(Activation::Parse("gelu:approximate=none").ToString(), "gelu");
  EXPECT_EQ(Activation::Parse("swish").ToString(), "silu");
  EXPECT_EQ(Activation::Parse("leaky_relu:alpha=0.1").param("alpha"), 0.1);
}

struct BadSpec {
  const char* spec;
  std::vector<const char*> message_parts;
};

void PrintTo(const BadSpec& bad, std::ostream* out) { *out << "'" << bad.spec << "'"; }

class SpecErrors : public ::testing::TestWithParam<BadSpec> {};

TEST_P(SpecErrors, NameWhatIsWrongAndWhatIsAllowed) {
  const BadSpec& bad = GetParam();
  try {
    Activation::Parse(bad.spec);
    FAIL() << bad.spec << " was accepted";
  } catch (const SpecError& e) {
    const std::string message = e.what();
    for (const char* part : bad.message_parts) {
      EXPECT_NE(message.find(part), std::string::npos)
          << "'" << message << "' lacks '" << part << "'";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, SpecErrors,
    ::testing::Values(
        BadSpec{"sigmod", {"unknown activation 'sigmod'", "did you mean 'sigmoid'", "known:"}},
        BadSpec{"", {"unknown activation"}},
        BadSpec{"elu:beta=1", {"elu", "unknown parameter 'beta'", "allowed: alpha"}},
        BadSpec{"relu:alpha=1", {"relu", "unknown parameter 'alpha'", "no parameters"}},
        BadSpec{"elu:alpha=1,alpha=2", {"elu", "'alpha'", "twice"}},
        BadSpec{"elu:alpha", {"elu", "expected key=value", "'alpha'"}},
        BadSpec{"elu:alpha=abc", {"elu", "alpha='abc'", "not a number", "[0, 1000]"}},
        BadSpec{"elu:alpha=inf", {"elu", "alpha='inf'", "out of range"}},
        BadSpec{"elu:alpha=nan", {"elu", "alpha='nan'", "out of range"}},
        BadSpec{"elu:alpha=1e999", {"elu", "alpha='1e999'", "overflows a double"}},
        BadSpec{"elu:alpha=1e-400", {"elu", "alpha='1e-400'", "underflows to zero"}},
        BadSpec{"elu:alpha=1e300", {"elu", "out of range", "[0, 1000]"}},
        BadSpec{"leaky_relu:alpha=1e39", {"out of range", "3.4028234663852886e+38"}},
        BadSpec{"elu:alpha=-1", {"elu", "alpha='-1'", "out of range", "[0, 1000]"}},
        BadSpec{"softplus:beta=0", {"softplus", "beta='0'", "out of range", "[1e-04, 10000]"}},
        BadSpec{"celu:alpha=0", {"celu", "alpha='0'", "[1e-04, 10000]"}},
        BadSpec{"rrelu:lower=0.5,upper=0.1",
                {"rrelu", "lower=0.5", "upper=0.1", "must not exceed"}},
        BadSpec{"rrelu:upper=1.5", {"rrelu", "upper='1.5'", "[0, 1]"}},
        BadSpec{"hardtanh:min=1,max=-1", {"hardtanh", "min=1", "max=-1", "less than"}},
        BadSpec{"gelu:approximate=fast", {"gelu", "approximate='fast'", "one of none, tanh"}}));

TEST(Parameters, WithChecksRangesAndCombinations) {
  const Activation rrelu(Kind::kRrelu);
  EXPECT_EQ(rrelu.With("lower", 0.2).param("lower"), 0.2);
  EXPECT_THROW(rrelu.With("lower", 0.9), SpecError);  // above upper = 1/3
  EXPECT_THROW(rrelu.With("slope", 0.1), SpecError);
  EXPECT_THROW(Activation(Kind::kElu).With("alpha", kInf), SpecError);
  EXPECT_THROW(Activation(Kind::kGelu).With("approximate", 2), SpecError);
}

// NaN in gives NaN out; the infinities give the limits; nothing else gives NaN.
TEST(SpecialValues, NaNAndInfinities) {
  for (const Activation& act : ActivationsUnderTest()) {
    SCOPED_TRACE(act.ToString());
    EXPECT_TRUE(std::isnan(act.Value(kNaN)));
    EXPECT_TRUE(std::isnan(act.Derivative(kNaN)));
    for (double sign : {-1.0, 1.0}) {
      const double far = sign * 1e300;
      const double at_inf = act.Value(sign * kInf);
      const double at_far = act.Value(far);
      ASSERT_FALSE(std::isnan(at_inf)) << "f(" << sign * kInf << ")";
      if (std::fabs(at_far) < 1e200) {  // bounded on this side
        EXPECT_EQ(at_inf, at_far) << "f(" << sign * kInf << ")";
      } else {
        EXPECT_EQ(at_inf, std::copysign(kInf, at_far)) << "f(" << sign * kInf << ")";
      }
      const double slope_inf = act.Derivative(sign * kInf);
      ASSERT_FALSE(std::isnan(slope_inf)) << "f'(" << sign * kInf << ")";
      EXPECT_EQ(slope_inf, act.Derivative(far)) << "f'(" << sign * kInf << ")";
    }
  }
}

// -0.0 keeps the sign the formula gives (the reference evaluates the formula at -0 in MPFR), and
// subnormal inputs are not flushed.
TEST(SpecialValues, SignedZeroAndSubnormals) {
  for (const Activation& act : ActivationsUnderTest()) {
    SCOPED_TRACE(act.ToString());
    const double got = act.Value(-0.0);
    const testing::Big reference = testing::ReferenceValue(act, testing::Big(-0.0));
    EXPECT_EQ(got, reference.ToDouble());
    EXPECT_EQ(std::signbit(got), std::signbit(reference.ToDouble()));
    const double tiny = std::numeric_limits<double>::denorm_min() * 7;
    for (double x : {tiny, -tiny}) {
      EXPECT_LE(testing::UlpError(act.Value(x), testing::ReferenceValue(act, testing::Big(x))), 1.0)
          << "f(" << x << ") = " << act.Value(x);
    }
  }
  EXPECT_GT(Activation(Kind::kSigmoid).Value(-740.0), 0.0);  // a positive subnormal, not 0
  EXPECT_EQ(Activation(Kind::kSigmoid).Value(-800.0), 0.0);
  EXPECT_FALSE(std::signbit(Activation(Kind::kSigmoid).Value(-800.0)));
}

struct Kink {
  const char* spec;
  double x;
  double derivative;
};

void PrintTo(const Kink& kink, std::ostream* out) { *out << kink.spec << " at " << kink.x; }

class Kinks : public ::testing::TestWithParam<Kink> {};

// Derivatives at kinks follow PyTorch's autograd.
TEST_P(Kinks, FollowPyTorchAutograd) {
  const Kink& kink = GetParam();
  EXPECT_EQ(Activation::Parse(kink.spec).Derivative(kink.x), kink.derivative)
      << kink.spec << " at " << kink.x;
}

INSTANTIATE_TEST_SUITE_P(
    Table, Kinks,
    ::testing::Values(Kink{"relu", 0, 0}, Kink{"leaky_relu", 0, 0.01},
                      Kink{"leaky_relu:alpha=0.2", 0, 0.2}, Kink{"prelu", 0, 0.25},
                      Kink{"rrelu:lower=0.1,upper=0.3", 0, 0.2}, Kink{"elu", 0, 1},
                      Kink{"elu:alpha=0.5", 0, 0.5}, Kink{"selu", 0, 1.758099340847376859940218},
                      Kink{"celu:alpha=2", 0, 1}, Kink{"hardsigmoid", -3, 0},
                      Kink{"hardsigmoid", 3, 0}, Kink{"hardswish", -3, -0.5},
                      Kink{"hardswish", 3, 1.5}, Kink{"hardtanh", -1, 0}, Kink{"hardtanh", 1, 0},
                      Kink{"relu6", 0, 0}, Kink{"relu6", 6, 0},
                      Kink{"softplus", 20, 0.9999999979388463818097964},
                      Kink{"softplus", 20.000000000000004, 1}, Kink{"softsign", 0, 1}));

}  // namespace
}  // namespace actlab
