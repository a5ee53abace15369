// Vector part (expm1 core and refined quotients): one generic kernel per activation, for float and
// double alike. Compiled once per instruction set by src/kernels/dispatch.cc only.
#if defined(ACTLAB_SRC_KERNELS_TANH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_KERNELS_TANH_INL_H_
#undef ACTLAB_SRC_KERNELS_TANH_INL_H_
#else
#define ACTLAB_SRC_KERNELS_TANH_INL_H_
#endif

#include "catalogue/tanh.h"
#include "hwy/highway.h"
#include "vecmath/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::kernels::HWY_NAMESPACE {
using namespace actlab::catalogue;               // the scalar rows
using namespace actlab::vecmath::HWY_NAMESPACE;  // the shared vector maths
// tanh |x| = -t / (2 + t), t = expm1(-2|x|) (own core, <= 1 ulp); the quotient refined by one
// Newton step that includes the rounding error of 2 + t. The sign is put back last (tanh(-0) = -0).
template <class D>
struct TanhVec {
  TanhVec(D, const double*) {}
  // Fast paths (float): the value's for every input (see ValueFast), so it needs no selection;
  // the derivative's for |x| < 43.
  static auto FastLanes(D d, V<D> x) { return hn::Lt(hn::Abs(x), Const(d, 43.0)); }
  HWY_INLINE V<D> Value(D d, V<D> x) const {
    if constexpr (kIsF32<D>) return ValueFast(d, x);
    return ValueGeneral(d, x);
  }
  // Fast path (every input): |x| clamped at 9.5, beyond which tanh rounds to 1 (infinity too),
  // and NaN kept by the clamp, so that no lane needs the general code.
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    const V<D> ax = hn::Abs(x);
    const V<D> two = Const(d, 2.0);
    const V<D> t = Expm1Fast(d, hn::Mul(Const(d, -2.0), MinKeepingNaN(d, Const(d, 9.5), ax)));
    const V<D> den = hn::Add(two, t);
    const V<D> den_lo = hn::Sub(t, hn::Sub(den, two));  // exact: |t| <= 1 < 2
    // t / (2 + t) = -tanh |x|: CopySign takes its magnitude.
    return hn::CopySign(DivideRefined<D>(t, den, den_lo, ReciprocalSeed(d, den)), x);
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const V<D> two = Const(d, 2.0);
    const V<D> t = Expm1NonPositive(d, hn::Mul(Const(d, -2.0), hn::Abs(x)));
    const V<D> den = hn::Add(two, t);
    const V<D> den_lo = hn::Sub(t, hn::Sub(den, two));  // exact: |t| <= 1 < 2
    const V<D> rcp = hn::Div(Const(d, 1.0), den);
    return hn::CopySignToAbs(DivideRefined<D>(hn::Neg(t), den, den_lo, rcp), x);
  }
  // 4e / (1 + e)^2 with e = exp(-2|x|), never 1 - tanh^2.
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  // Fast path: |x| < 43, so that e >= exp(-86) is normal.
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    const V<D> ax = hn::Abs(x);
    const V<D> one = Const(d, 1.0);
    const V<D> e = ExpFast(d, hn::Mul(Const(d, -2.0), ax));
    const V<D> den = hn::Add(one, e);
    const V<D> den_lo = hn::Sub(e, hn::Sub(den, one));
    const V<D> r = DivideRefined<D>(one, den, den_lo, ReciprocalSeed(d, den));
    return hn::Mul(hn::Mul(hn::Mul(Const(d, 4.0), e), r), r);
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    const Logistic<D> l = LogisticFromExp(d, ExpParts(d, hn::Mul(Const(d, -2.0), hn::Abs(x))));
    return hn::Mul(hn::Mul(hn::Mul(Const(d, 4.0), l.g_head), l.r), l.e.scale);
  }
};

// x / (1 + |x|), with the rounding error of 1 + |x| folded into one Newton step; +-1 at +-inf.
template <class D>
struct SoftsignVec {
  SoftsignVec(D, const double*) {}
  // |x| clamped at 2^30 (float) / 2^60 (double), where the quotient already rounds to 1: so
  // infinity needs no case of its own, and the denominator stays where the reciprocal seed (rcp14
  // on AVX-512, which flushes results below 2^-126 to zero) is normal. NaN passes the clamp.
  V<D> Value(D d, V<D> x) const {
    const V<D> one = Const(d, 1.0);
    const V<D> ax = MinKeepingNaN(d, Const(d, kIsF32<D> ? 0x1p30 : 0x1p60), hn::Abs(x));
    const V<D> den = hn::Add(one, ax);
    const V<D> den_lo = TwoSumError<D>(one, ax, den);
    return hn::CopySignToAbs(DivideRefined<D>(ax, den, den_lo, ReciprocalSeed(d, den)), x);
  }
  // 1 / (1 + |x|)^2 as r r, r = 1 / (1 + |x|) refined.
  V<D> Derivative(D d, V<D> x) const {
    const V<D> one = Const(d, 1.0);
    const V<D> ax = hn::Abs(x);
    const V<D> den = hn::Add(one, ax);
    const V<D> den_lo = hn::IfThenZeroElse(hn::IsInf(ax), TwoSumError<D>(one, ax, den));
    // From a division, not the reciprocal seed: r r lands in the subnormal range for |x| near
    // 2^74, where r from the seed (0.56 ulp) rounded two results to 0 that are the smallest
    // subnormal (found by the exhaustive sweep).
    const V<D> r = DivideRefined<D>(one, den, den_lo, hn::Div(one, den));
    return hn::IfThenZeroElse(hn::IsInf(ax), hn::Mul(r, r));
  }
};

}  // namespace actlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
