// Vector part (exact: selects and one correctly rounded product): one generic kernel per
// activation, for float and double alike. Compiled once per instruction set by
// src/kernels/dispatch.cc only.
#if defined(ACTLAB_SRC_KERNELS_RELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_KERNELS_RELU_INL_H_
#undef ACTLAB_SRC_KERNELS_RELU_INL_H_
#else
#define ACTLAB_SRC_KERNELS_RELU_INL_H_
#endif

#include "catalogue/relu.h"
#include "hwy/highway.h"
#include "vecmath/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::kernels::HWY_NAMESPACE {
using namespace actlab::catalogue;               // the scalar rows
using namespace actlab::vecmath::HWY_NAMESPACE;  // the shared vector maths
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
        d,
        hn::Lt(hn::Sub(hn::BitCast(du, hn::Abs(p)), hn::Set(du, low)), hn::Set(du, U(inf - low))));
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

// |x| > lambd as |x| >= the T strictly above lambd, so that the comparison is the exact one.
template <class D>
struct HardshrinkVec {
  T<D> above;
  HardshrinkVec(D, const double* p) : above(StrictlyAbove<T<D>>(p[0])) {}
  V<D> Value(D d, V<D> x) const {
    return KeepNaN<D>(x, hn::IfThenElseZero(hn::Ge(hn::Abs(x), hn::Set(d, above)), x));
  }
  V<D> Derivative(D d, V<D> x) const {
    const auto outside = hn::Ge(hn::Abs(x), hn::Set(d, above));
    return KeepNaN<D>(x, hn::IfThenElseZero(outside, Const(d, 1.0)));
  }
};

}  // namespace actlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
