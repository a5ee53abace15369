// The rectifier family: relu, leaky_relu, rrelu, prelu, relu6 and hardtanh. Piecewise linear, so
// every result is exact.
#ifndef ACTLAB_SIMD_ACTIVATIONS_RELU_SCALAR_H_
#define ACTLAB_SIMD_ACTIVATIONS_RELU_SCALAR_H_

#include <bit>

#include "simd/activations/common-inl.h"

namespace actlab::defs {

inline constexpr AccuracyBound kExact = {0, 0, 0, 0};

// x if x >= 0 else slope x: the form that is right for every slope (max(slope x, x) is not for
// slope > 1). The derivative at 0 is the slope, as PyTorch's autograd has it.
inline LD LeakyL(LD x, LD slope) { return x >= 0 ? x : slope * x; }
inline LD LeakyDerivativeL(LD x, LD slope) { return x > 0 ? 1 : slope; }

struct Relu {
  static Info Describe() {
    Info info;
    info.name = "relu";
    info.formula = "max(0, x)";
    info.derivative = "1 for x > 0, else 0 (0 at x = 0)";
    info.source = "Nair & Hinton 2010; Glorot, Bordes & Bengio 2011";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -0.5, 5.2, "ReLU", "", {}, false};
    info.accuracy = kExact;
    return info;
  }
  static LD Value(LD x, const double*) { return x > 0 ? x : 0; }
  static LD Derivative(LD x, const double*) { return x > 0 ? 1 : 0; }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? x : B(0);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(0);
  }
};

struct LeakyRelu {
  static Info Describe() {
    static constexpr std::string_view kAliases[] = {"leakyrelu", "lrelu"};
    static constexpr ParamSpec kParams[] = {
        {"alpha", 0.01, 0, kInf, false, true, {}, "slope for x < 0 (PyTorch: negative_slope)"}};
    static constexpr AnnotationHint kNotes[] = {{"Leak", -3.5, 0.5, -5, -0.2}};
    Info info;
    info.name = "leaky_relu";
    info.aliases = kAliases;
    info.params = kParams;
    info.formula = "x for x >= 0, alpha x for x < 0";
    info.derivative = "1 for x > 0, alpha for x <= 0";
    info.source = "Maas, Hannun & Ng 2013, 'Rectifier Nonlinearities Improve Neural Network Acoustic Models'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -0.5, 4.2, "Leaky ReLU", "leaky_relu:alpha=0.05", kNotes, true};
    info.accuracy = kExact;
    return info;
  }
  static LD Value(LD x, const double* p) { return LeakyL(x, p[0]); }
  static LD Derivative(LD x, const double* p) { return LeakyDerivativeL(x, p[0]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x >= 0 ? x : B(p[0]) * x;
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(p[0]);
  }
};

// Randomized leaky ReLU. The scalar maths is evaluation mode: the slope is the mean of U(lower,
// upper). Training mode (one random slope per negative element) lives in the nn layer.
struct Rrelu {
  static Info Describe() {
    static constexpr ParamSpec kParams[] = {
        {"lower", 1.0 / 8, 0, 1, false, false, {}, "lower bound of the random slope"},
        {"upper", 1.0 / 3, 0, 1, false, false, {}, "upper bound of the random slope"}};
    Info info;
    info.name = "rrelu";
    info.params = kParams;
    info.formula = "x for x >= 0, a x for x < 0; a ~ U(lower, upper) in training, (lower + upper) / 2 in evaluation";
    info.derivative = "1 for x > 0, a for x <= 0";
    info.source = "Xu et al. 2015, 'Empirical Evaluation of Rectified Activations in Convolutional Network'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -1, 5.2, "RReLU", "", {}, false};
    info.accuracy = kExact;
    return info;
  }
  static std::string CheckParams(const double* p) {
    return p[0] <= p[1] ? "" : "lower must not exceed upper";
  }
  static LD Slope(const double* p) { return (static_cast<LD>(p[0]) + p[1]) / 2; }
  static LD Value(LD x, const double* p) { return LeakyL(x, static_cast<double>(Slope(p))); }
  static LD Derivative(LD x, const double* p) {
    return LeakyDerivativeL(x, static_cast<double>(Slope(p)));
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    const B a(static_cast<double>(Slope(p)));
    return x >= 0 ? x : a * x;
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(static_cast<double>(Slope(p)));
  }
};

// Parametric ReLU: a learned slope, one per channel or one in all; the layer keeps the slopes.
struct Prelu {
  static Info Describe() {
    static constexpr ParamSpec kParams[] = {
        {"alpha", 0.25, -kInf, kInf, true, true, {}, "initial slope for x < 0 (learned)", true}};
    Info info;
    info.name = "prelu";
    info.params = kParams;
    info.formula = "x for x >= 0, alpha x for x < 0, alpha learned";
    info.derivative = "df/dx = 1 for x > 0, alpha for x <= 0; df/dalpha = min(0, x)";
    info.source = "He et al. 2015, 'Delving Deep into Rectifiers'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -1.5, 5.2, "PReLU", "", {}, false};
    info.accuracy = kExact;
    return info;
  }
  static LD Value(LD x, const double* p) { return LeakyL(x, p[0]); }
  static LD Derivative(LD x, const double* p) { return LeakyDerivativeL(x, p[0]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x >= 0 ? x : B(p[0]) * x;
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(p[0]);
  }
};

// Clamp to [lo, hi]; the derivative is 0 at the corners, as PyTorch's autograd has it.
inline LD ClampL(LD x, LD lo, LD hi) { return x < lo ? lo : (x > hi ? hi : x); }
inline LD ClampDerivativeL(LD x, LD lo, LD hi) { return x > lo && x < hi ? 1 : 0; }

struct Hardtanh {
  static Info Describe() {
    static constexpr std::string_view kAliases[] = {"hard_tanh"};
    static constexpr ParamSpec kParams[] = {
        {"min", -1, -kInf, kInf, true, true, {}, "lower clamp value"},
        {"max", 1, -kInf, kInf, true, true, {}, "upper clamp value"}};
    Info info;
    info.name = "hardtanh";
    info.aliases = kAliases;
    info.params = kParams;
    info.formula = "min(max(x, min), max)";
    info.derivative = "1 for min < x < max, else 0 (0 at the corners)";
    info.source = "Collobert 2004; PyTorch torch.nn.Hardtanh";
    info.init = Init::kGlorotUniform;
    info.plot = {-3, 3, -1.5, 1.5, "Hardtanh", "", {}, false};
    info.accuracy = kExact;
    return info;
  }
  static std::string CheckParams(const double* p) {
    return p[0] < p[1] ? "" : "min must be less than max";
  }
  static LD Value(LD x, const double* p) { return ClampL(x, p[0], p[1]); }
  static LD Derivative(LD x, const double* p) { return ClampDerivativeL(x, p[0], p[1]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x < B(p[0]) ? B(p[0]) : (x > B(p[1]) ? B(p[1]) : x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > B(p[0]) && x < B(p[1]) ? B(1) : B(0);
  }
};

struct Relu6 {
  static Info Describe() {
    Info info;
    info.name = "relu6";
    info.formula = "min(max(0, x), 6)";
    info.derivative = "1 for 0 < x < 6, else 0 (0 at the corners)";
    info.source = "Krizhevsky 2010; Howard et al. 2017 (MobileNets)";
    info.init = Init::kHeNormal;
    info.plot = {-3, 9, -0.5, 6.5, "ReLU6", "", {}, false};
    info.accuracy = kExact;
    return info;
  }
  static LD Value(LD x, const double*) { return ClampL(x, 0, 6); }
  static LD Derivative(LD x, const double*) { return ClampDerivativeL(x, 0, 6); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x < 0 ? B(0) : (x > 6 ? B(6) : x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 && x < 6 ? B(1) : B(0);
  }
};

}  // namespace actlab::defs

#endif  // ACTLAB_SIMD_ACTIVATIONS_RELU_SCALAR_H_

// ---------------------------------------------------------------------------------------------
// Vector part (exact: selects and one correctly rounded product): one generic kernel per activation, for float and double alike.
// Compiled once per instruction set by src/simd/dispatch.cc only.
#if defined(ACTLAB_SIMD_VECTOR_PART)
#if defined(ACTLAB_SIMD_ACTIVATIONS_RELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SIMD_ACTIVATIONS_RELU_INL_H_
#undef ACTLAB_SIMD_ACTIVATIONS_RELU_INL_H_
#else
#define ACTLAB_SIMD_ACTIVATIONS_RELU_INL_H_
#endif

// Re-included per target: the shared vector core (its scalar part is skipped by its guard).
#include "simd/activations/common-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::defs::HWY_NAMESPACE {
// relu: x <= 0 gives +0 (so relu(-0) = +0) and NaN passes through.
template <class D>
struct ReluVec {
  ReluVec(D, const double*) {}
  // On AVX-512 each is one vfixupimm: the lane replaced by what its class asks for. Nibbles from
  // the lowest: QNaN, SNaN, +-0, +1, -inf, +inf, negative, positive; tokens 1 = x, 2 = x
  // quietened, 8 = +0, 10 = +1. So x <= 0 (-0, -inf and negative subnormals too) gives +0, NaN
  // passes, and no compare, select or copy is needed.
  V<D> Value(D d, V<D> x) const {
    if constexpr (kHasFixup<D>) return FixupByClass(d, x, 0x18181821u);
    return hn::IfThenZeroElse(hn::Le(x, hn::Zero(d)), x);
  }
  V<D> Derivative(D d, V<D> x) const {
    if constexpr (kHasFixup<D>) return FixupByClass(d, x, 0xA8A8A821u);
    return KeepNaN<D>(x, hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0)));
  }
};

// x >= 0 ? x : slope x, the product rounded as the exact one (slope given in double).
template <class D>
struct LeakyVec {
  using U = hwy::MakeUnsigned<T<D>>;
  Split<T<D>> slope;
  explicit LeakyVec(double s) : slope(Split<T<D>>::Of(s)) {}
  V<D> Value(D d, V<D> x) const {
    // The usual case costs five products and sums: where |x slope.hi| is finite and at least
    // MulSplitRounded's scaling threshold, that function reduces to exactly these operations.
    // One unsigned comparison of the bits of |p| tests both ends; any other lane (tiny, zero,
    // overflowing or NaN product) takes the whole function, so results are the same bits.
    const hn::RebindToUnsigned<D> du;
    const V<D> p = hn::Mul(x, hn::Set(d, slope.hi));
    const U low = std::bit_cast<U>(static_cast<T<D>>(kIsF32<D> ? 0x1p-100 : 0x1p-968));
    const U inf = std::bit_cast<U>(std::numeric_limits<T<D>>::infinity());
    const auto plain = hn::RebindMask(
        d, hn::Lt(hn::Sub(hn::BitCast(du, hn::Abs(p)), hn::Set(du, low)), hn::Set(du, U(inf - low))));
    const auto keep = hn::Ge(x, hn::Zero(d));
    if (HWY_UNLIKELY(!hn::AllTrue(d, hn::Or(keep, plain)))) {
      return hn::IfThenElse(keep, x, MulSplitRounded(d, x, slope));
    }
    const V<D> tail =
        hn::MulAdd(x, hn::Set(d, slope.lo2), TwoProdError<D>(x, hn::Set(d, slope.hi), p));
    const V<D> e = hn::MulAdd(x, hn::Set(d, slope.lo), tail);
    return hn::IfThenElse(keep, x, hn::Add(p, e));
  }
  V<D> Derivative(D d, V<D> x) const {
    const V<D> a = hn::Set(d, slope.hi);
    return KeepNaN<D>(x, hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), a));
  }
};

template <class D>
struct LeakyReluVec : LeakyVec<D> {
  LeakyReluVec(D, const double* p) : LeakyVec<D>(p[0]) {}
};
template <class D>
struct PreluVec : LeakyVec<D> {
  PreluVec(D, const double* p) : LeakyVec<D>(p[0]) {}
};
template <class D>
struct RreluVec : LeakyVec<D> {
  RreluVec(D, const double* p) : LeakyVec<D>(static_cast<double>(Rrelu::Slope(p))) {}
};

// Clamp to [lo, hi] given in double: the comparisons are made against the nearest T strictly
// inside, so that they agree with comparing against the double bounds themselves.
template <class D>
struct ClampVec {
  T<D> lo, hi;              // the bounds rounded to T (the values returned)
  T<D> above_lo, below_hi;  // x > lo  <=>  x >= above_lo;  x < hi  <=>  x <= below_hi
  T<D> below_lo, above_hi;  // x < lo  <=>  x <= below_lo;  x > hi  <=>  x >= above_hi
  ClampVec(double l, double h)
      : lo(static_cast<T<D>>(l)),
        hi(static_cast<T<D>>(h)),
        above_lo(StrictlyAbove<T<D>>(l)),
        below_hi(StrictlyBelow<T<D>>(h)),
        below_lo(StrictlyBelow<T<D>>(l)),
        above_hi(StrictlyAbove<T<D>>(h)) {}
  V<D> Value(D d, V<D> x) const {
    const V<D> upper = hn::IfThenElse(hn::Ge(x, hn::Set(d, above_hi)), hn::Set(d, hi), x);
    return hn::IfThenElse(hn::Le(x, hn::Set(d, below_lo)), hn::Set(d, lo), upper);
  }
  V<D> Derivative(D d, V<D> x) const {
    const auto inside = hn::And(hn::Ge(x, hn::Set(d, above_lo)), hn::Le(x, hn::Set(d, below_hi)));
    return KeepNaN<D>(x, hn::IfThenElseZero(inside, Const(d, 1.0)));
  }
};

template <class D>
struct HardtanhVec : ClampVec<D> {
  HardtanhVec(D, const double* p) : ClampVec<D>(p[0], p[1]) {}
};
template <class D>
struct Relu6Vec : ClampVec<D> {
  Relu6Vec(D, const double*) : ClampVec<D>(0, 6) {}
};

}  // namespace actlab::defs::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
#endif  // ACTLAB_SIMD_VECTOR_PART
