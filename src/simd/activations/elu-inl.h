// The exponential-linear family: elu, selu and celu. The negative branch uses expm1, never
// exp(x) - 1, which loses every digit as x -> 0-.
#ifndef ACTLAB_SIMD_ACTIVATIONS_ELU_SCALAR_H_
#define ACTLAB_SIMD_ACTIVATIONS_ELU_SCALAR_H_

#include "simd/activations/common-inl.h"

namespace actlab::defs {

struct Elu {
  static Info Describe() {
    static constexpr ParamSpec kParams[] = {
        {"alpha", 1, 0, kInf, false, true, {}, "saturation value -alpha for x -> -inf"}};
    Info info;
    info.name = "elu";
    info.params = kParams;
    info.formula = "x for x > 0, alpha (exp(x) - 1) for x <= 0";
    info.derivative = "1 for x > 0, alpha exp(x) for x <= 0 (alpha at x = 0; = f(x) + alpha)";
    info.source = "Clevert, Unterthiner & Hochreiter 2015, 'Fast and Accurate Deep Network Learning by Exponential Linear Units'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -2.2, 5.2, "ELU", "", {}, true};
    info.accuracy = {2, 4, 2, 4};
    return info;
  }
  static LD Value(LD x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x); }
  static LD Derivative(LD x, const double* p) { return x > 0 ? 1 : p[0] * std::exp(x); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? x : B(p[0]) * expm1(x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(p[0]) * exp(x);
  }
};

// The constants of Klambauer et al., to the digits the tutorial quotes; `actlab theory
// --selu-constants` derives them.
inline constexpr LD kSeluAlpha = 1.6732632423543772848170429916717L;
inline constexpr LD kSeluScale = 1.0507009873554804934193349852946L;

struct Selu {
  static Info Describe() {
    Info info;
    info.name = "selu";
    info.formula = "scale (x for x > 0, alpha (exp(x) - 1) for x <= 0), alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946";
    info.derivative = "scale for x > 0, scale alpha exp(x) for x <= 0 (scale alpha at x = 0)";
    info.source = "Klambauer et al. 2017, 'Self-Normalizing Neural Networks'";
    info.init = Init::kLeCunNormal;
    info.plot = {-5, 5, -2.2, 5.2, "SELU", "", {}, true};
    info.accuracy = {2, 4, 2, 4};
    return info;
  }
  static LD Value(LD x, const double*) {
    return x > 0 ? kSeluScale * x : kSeluScale * kSeluAlpha * std::expm1(x);
  }
  static LD Derivative(LD x, const double*) {
    return x > 0 ? kSeluScale : kSeluScale * kSeluAlpha * std::exp(x);
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    const B scale(std::string("1.0507009873554804934193349852946"));
    const B alpha(std::string("1.6732632423543772848170429916717"));
    return x > 0 ? scale * x : scale * alpha * expm1(x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    const B scale(std::string("1.0507009873554804934193349852946"));
    const B alpha(std::string("1.6732632423543772848170429916717"));
    return x > 0 ? scale : scale * alpha * exp(x);
  }
};

struct Celu {
  static Info Describe() {
    static constexpr ParamSpec kParams[] = {
        {"alpha", 1, 0, kInf, true, true, {}, "saturation value -alpha and scale of the curve"}};
    Info info;
    info.name = "celu";
    info.params = kParams;
    info.formula = "max(0, x) + min(0, alpha (exp(x / alpha) - 1))";
    info.derivative = "1 for x > 0, exp(x / alpha) for x <= 0 (1 at x = 0)";
    info.source = "Barron 2017, 'Continuously Differentiable Exponential Linear Units'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -2.2, 5.2, "CELU", "", {}, false};
    info.accuracy = {2, 4, 2, 4};
    return info;
  }
  static LD Value(LD x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x / p[0]); }
  static LD Derivative(LD x, const double* p) { return x > 0 ? 1 : std::exp(x / p[0]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? x : B(p[0]) * expm1(x / B(p[0]));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : exp(x / B(p[0]));
  }
};

}  // namespace actlab::defs

#endif  // ACTLAB_SIMD_ACTIVATIONS_ELU_SCALAR_H_

// ---------------------------------------------------------------------------------------------
// Vector part (expm1 core): one generic kernel per activation, for float and double alike.
// Compiled once per instruction set by src/simd/dispatch.cc only.
#if defined(ACTLAB_SIMD_VECTOR_PART)
#if defined(ACTLAB_SIMD_ACTIVATIONS_ELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SIMD_ACTIVATIONS_ELU_INL_H_
#undef ACTLAB_SIMD_ACTIVATIONS_ELU_INL_H_
#else
#define ACTLAB_SIMD_ACTIVATIONS_ELU_INL_H_
#endif

// Re-included per target: the shared vector core (its scalar part is skipped by its guard).
#include "simd/activations/common-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::defs::HWY_NAMESPACE {
// The negative branch shared by the family: scale * (alpha (exp(x / width) - 1)), with the constant
// alpha scale split into hi + lo so that its product keeps T's precision.
template <class D>
struct ExpLinearVec {
  Split<T<D>> positive_slope;  // f(x) = positive_slope x for x > 0
  Split<T<D>> negative_scale;  // f(x) = negative_scale expm1(x / width) for x <= 0
  Split<T<D>> derivative_scale;  // f'(x) = derivative_scale exp(x / width) for x <= 0
  Split<T<D>> width;           // celu's alpha; 1 for elu and selu
  T<D> derivative_above;       // f'(x) for x > 0
  // The parameters' special values as flags, read by both paths (the float fast path tests them
  // once per vector: an integer test costs less there than comparing the constants again).
  bool unit_width, unit_slope, unit_scale, unit_derivative_scale;
  // expm1 as hi + lo and its product with the scale in one rounding, where the scale is not 1
  // (elu and celu with alpha != 1: up to 2.8 ulp otherwise); selu keeps the shorter form (within
  // its bound).
  bool fast_pair;
  ExpLinearVec(long double slope, long double scale, double w, bool precise_fast)
      : positive_slope(Split<T<D>>::Of(slope)),
        negative_scale(Split<T<D>>::Of(scale)),
        derivative_scale(Split<T<D>>::Of(scale / w)),
        width(Split<T<D>>::Of(w)),
        derivative_above(static_cast<T<D>>(slope)),
        unit_width(w == 1),
        unit_slope(slope == 1),
        unit_scale(scale == 1),
        unit_derivative_scale(scale == w),
        fast_pair(precise_fast && scale != 1) {}

  // x / width for x <= 0 as hi + lo: the quotient's rounding error (and that of width in T) would
  // otherwise scale into exp's result (35 ulp at x / width = -70).
  struct Arg {
    V<D> hi, lo;
  };
  Arg Argument(D d, V<D> x) const {
    const V<D> negative = hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Zero(d), x);  // keeps NaN, -0
    if (unit_width) return {negative, hn::Zero(d)};
    const V<D> w = hn::Set(d, width.hi);
    const V<D> q = hn::Div(negative, w);
    const V<D> residual = hn::NegMulAdd(q, hn::Set(d, width.lo), hn::NegMulAdd(q, w, negative));
    // Far out exp saturates; the remainder of a huge quotient would only be noise there.
    const auto near = hn::Gt(q, Const(d, kIsF32<D> ? -200.0 : -1600.0));
    return {q, hn::IfThenElseZero(near, hn::Div(residual, w))};
  }
  // Fast path (float, width 1). Forward: elu and celu (slope 1) take every input there (x below
  // -87, -inf included, clamped to -87, where expm1 already rounds to -1; NaN and +-0 take the
  // x >= 0 side, x itself). selu: x < 2^100, where its one-product slope x cannot round to inf a
  // product whose exact value rounds to the largest float. Derivative: x > -80, so that exp(x)
  // is normal.
  bool FastPathApplies() const { return unit_width; }
  bool FastPathEverywhere() const { return unit_slope; }
  static auto FastLanes(D d, V<D> x) { return hn::Lt(x, Const(d, 0x1p100)); }
  static auto DerivativeFastLanes(D d, V<D> x) { return hn::Gt(x, Const(d, -80.0)); }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    const V<D> t = hn::Max(hn::Min(x, hn::Zero(d)), Const(d, -87.0));
    V<D> below;
    if (unit_scale) {
      // The short expm1 (0.22 ulp more at most) where the result is expm1 itself (elu and celu
      // with alpha = 1: 0.95 ulp, 0.86 with the long one).
      below = Expm1FastShort(d, t);
    } else if (fast_pair) {
      // elu with alpha != 1: expm1 as hi + lo, its product with the scale rounded once; the sign
      // bit set, since the last sum can turn an underflowing -0 into +0.
      below = hn::Or(MulSplitPair(d, Expm1FastPair(d, t), negative_scale), hn::SignBit(d));
    } else {
      below = MulSplit(d, Expm1Fast(d, t), negative_scale);  // selu: 1.73 ulp
    }
    // selu's slope x in one product: within 1 ulp (the slope's rounding to float, 2^-25, and
    // the product's), where the bound is 2.
    const V<D> above = unit_slope ? x : hn::Mul(x, hn::Set(d, positive_slope.hi));
    return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), below, above);  // NaN, +-0: slope x
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const Arg a = Argument(d, x);
    const V<D> above = unit_slope ? x : MulSplitGuarded(d, x, positive_slope);
    // With alpha != 1, expm1 as hi + lo and its product with the scale rounded once (celu with
    // alpha = 1.7 was 2.2 ulp with expm1 rounded first). It costs about a third of the float64
    // speed, so alpha = 1 and selu (within their bound without it) keep the short form.
    V<D> below = fast_pair
                     ? MulSplitRounded(d, Expm1NonPositivePair(d, a.hi, a.lo), negative_scale)
                     : MulSplitGuarded(d, Expm1NonPositive(d, a.hi, a.lo), negative_scale);
    if (!unit_width) {
      // Where x / width would underflow: f(x) = f'(0-) x.
      const auto tiny = hn::Lt(hn::Abs(x), Const(d, kIsF32<D> ? 0x1p-100 : 0x1p-1000));
      below = hn::IfThenElse(tiny, MulSplitGuarded(d, x, derivative_scale), below);
    }
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), above, below);
  }
  // slope for x > 0, (scale / width) exp(x / width) for x <= 0 (at 0: the limit from the left).
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    const V<D> e = ExpFast(d, hn::Min(x, hn::Zero(d)));
    const V<D> below = unit_derivative_scale ? e : MulSplit(d, e, derivative_scale);
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Set(d, derivative_above), below);
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    const Arg a = Argument(d, x);
    const ExpSplit<D> e = ExpParts(d, a.hi, a.lo);
    const V<D> below = hn::Mul(MulSplitGuarded(d, e.head, derivative_scale), e.scale);
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Set(d, derivative_above), below);
  }
};

template <class D>
struct EluVec : ExpLinearVec<D> {
  EluVec(D, const double* p) : ExpLinearVec<D>(1, p[0], 1, true) {}
};
template <class D>
struct SeluVec : ExpLinearVec<D> {
  SeluVec(D, const double*) : ExpLinearVec<D>(kSeluScale, kSeluScale * kSeluAlpha, 1, false) {}
};
template <class D>
struct CeluVec : ExpLinearVec<D> {
  CeluVec(D, const double* p) : ExpLinearVec<D>(1, p[0], p[0], true) {}
};

}  // namespace actlab::defs::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
#endif  // ACTLAB_SIMD_VECTOR_PART
