// Quotients: one Newton step on a quotient whose denominator carries a known rounding error, and
// the reciprocal seed (AVX-512 rcp14, or a division elsewhere) the float fast paths start from.
#if defined(ACTLAB_SRC_VECMATH_DIVIDE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_VECMATH_DIVIDE_INL_H_
#undef ACTLAB_SRC_VECMATH_DIVIDE_INL_H_
#else
#define ACTLAB_SRC_VECMATH_DIVIDE_INL_H_
#endif

#include "hwy/highway.h"
#include "vecmath/core-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::vecmath::HWY_NAMESPACE {

// 1 / den to about twice T's precision is not needed; one Newton step on q = num / (den + den_lo)
// makes the quotient nearly correctly rounded where den carries a known rounding error den_lo.
// rcp is 1/den rounded, or a seed with relative error e (the step then leaves about e^2: 2^-28
// from rcp14) before the last rounding.
template <class D>
HWY_INLINE V<D> DivideRefined(V<D> num, V<D> den, V<D> den_lo, V<D> rcp) {
  const V<D> q = hn::Mul(num, rcp);
  const V<D> res = hn::NegMulAdd(q, den_lo, hn::NegMulAdd(q, den, num));
  return hn::MulAdd(res, rcp, q);
}
// The same for num + num_lo: the numerator's own rounding error joins the remainder.
template <class D>
HWY_INLINE V<D> DivideRefined(V<D> num, V<D> num_lo, V<D> den, V<D> den_lo, V<D> rcp) {
  const V<D> q = hn::Mul(num, rcp);
  const V<D> res = hn::Add(hn::NegMulAdd(q, den_lo, hn::NegMulAdd(q, den, num)), num_lo);
  return hn::MulAdd(res, rcp, q);
}

// Whether this target has an approximate reciprocal good to 2^-14 (AVX-512 rcp14), so that one
// Newton step of a quotient reaches 2^-28; elsewhere (rcp_ps: 2^-11.4) the division is used.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
inline constexpr bool kGoodReciprocal = true;
#else
inline constexpr bool kGoodReciprocal = false;
#endif

// A reciprocal of den (> 0, normal) to start a quotient's Newton step from.
template <class D>
HWY_INLINE V<D> ReciprocalSeed(D d, V<D> den) {
  if constexpr (kGoodReciprocal && kIsF32<D>) {
    return hn::ApproximateReciprocal(den);
  } else {
    return hn::Div(Const(d, 1.0), den);
  }
}

// num / den from a seed 1/den with relative error e: one Newton step of the quotient leaves about
// e^2 (2^-28 from rcp14) before the last rounding.
template <class D>
HWY_INLINE V<D> QuotientStep(V<D> num, V<D> den, V<D> seed) {
  const V<D> q = hn::Mul(num, seed);
  return hn::MulAdd(hn::NegMulAdd(q, den, num), seed, q);
}

}  // namespace actlab::vecmath::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
