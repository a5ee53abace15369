// Vector part (expm1 core): one generic kernel per activation, for float and double alike.
// Compiled once per instruction set by src/kernels/dispatch.cc only.
#if defined(ACTLAB_SRC_KERNELS_ELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_KERNELS_ELU_INL_H_
#undef ACTLAB_SRC_KERNELS_ELU_INL_H_
#else
#define ACTLAB_SRC_KERNELS_ELU_INL_H_
#endif

#include "catalogue/elu.h"
#include "hwy/highway.h"
#include "vecmath/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::kernels::HWY_NAMESPACE {
using namespace actlab::catalogue;               // the scalar rows
using namespace actlab::vecmath::HWY_NAMESPACE;  // the shared vector maths
// The negative branch shared by the family: scale * (alpha (exp(x / width) - 1)), with the constant
// alpha scale split into hi + lo so that its product keeps T's precision.
template <class D>
struct ExpLinearVec {
  Split<T<D>> positive_slope;    // f(x) = positive_slope x for x > 0
  Split<T<D>> negative_scale;    // f(x) = negative_scale expm1(x / width) for x <= 0
  Split<T<D>> derivative_scale;  // f'(x) = derivative_scale exp(x / width) for x <= 0
  Split<T<D>> width;             // celu's alpha; 1 for elu and selu
  T<D> derivative_above;         // f'(x) for x > 0
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
    V<D> below = fast_pair ? MulSplitRounded(d, Expm1NonPositivePair(d, a.hi, a.lo), negative_scale)
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
  SeluVec(D, const double*)
      : ExpLinearVec<D>(kSeluScaleExtended, kSeluScaleExtended * kSeluAlphaExtended, 1, false) {}
};
template <class D>
struct CeluVec : ExpLinearVec<D> {
  CeluVec(D, const double* p) : ExpLinearVec<D>(1, p[0], p[0], true) {}
};

}  // namespace actlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
