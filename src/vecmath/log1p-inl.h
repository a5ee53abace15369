// log1p on [0, 1] (fdlibm's reduction and atanh series), plain and as a hi + lo pair.
// Ranges and errors, swept by tests/vecmath_test.cc (largest on AVX-512 and AVX2):
//   Log1pUnit         f32 [0, 1]: 1.37 ulp   f64 [0, 1]: 1.37 ulp
//   Log1pUnit<true>   f32 [2^-126, 1]: 1.37 ulp (the float fast form)
#if defined(ACTLAB_SRC_VECMATH_LOG1P_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_VECMATH_LOG1P_INL_H_
#undef ACTLAB_SRC_VECMATH_LOG1P_INL_H_
#else
#define ACTLAB_SRC_VECMATH_LOG1P_INL_H_
#endif

#include "hwy/highway.h"
#include "vecmath/core-inl.h"
#include "vecmath/divide-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::vecmath::HWY_NAMESPACE {

// ln2 = hi + lo, hi with trailing zeros (so that k hi is exact for the small k of log1p).
template <class D>
HWY_INLINE V<D> Ln2Hi(D d) {
  return Const(d, kIsF32<D> ? 6.9313812256e-01 : 6.93147180369123816490e-01);
}
template <class D>
HWY_INLINE V<D> Ln2Lo(D d) {
  return Const(d, kIsF32<D> ? 9.0580006145e-06 : 1.90821492927058770002e-10);
}

// What log(1 + f) lacks of f (fdlibm's form): log(1 + f) = f - inner, inner = f^2/2 - s (f^2/2 +
// R(s^2)) - small, s = f / (2 + f), R the atanh series (Taylor, f32 to s^8, f64 to s^20;
// truncation below 2^-56); small collects the caller's low-order terms (k ln2_lo, ...).
template <class D>
HWY_INLINE V<D> Log1pInner(D d, V<D> f, V<D> s, V<D> small) {
  const V<D> z = hn::Mul(s, s);
  V<D> rz;
  if constexpr (kIsF32<D>) {
    rz = Const(d, 2.0 / 9);
    rz = hn::MulAdd(rz, z, Const(d, 2.0 / 7));
    rz = hn::MulAdd(rz, z, Const(d, 2.0 / 5));
    rz = hn::MulAdd(rz, z, Const(d, 2.0 / 3));
  } else {
    rz = Const(d, 2.0 / 21);
    for (int j = 19; j >= 3; j -= 2) rz = hn::MulAdd(rz, z, Const(d, 2.0 / j));
  }
  rz = hn::Mul(rz, z);
  const V<D> hfsq = hn::Mul(Const(d, 0.5), hn::Mul(f, f));
  return hn::Sub(hfsq, hn::MulAdd(s, hn::Add(hfsq, rz), small));
}

// log1p(u) for u in [0, 1] (and NaN), as fdlibm: 1 + u = 2^k (1 + f) with 1 + f in [sqrt(1/2),
// sqrt 2), log(1 + f) = f - (hfsq - s (hfsq + R(s^2))), s = f / (2 + f), R the atanh series
// (Taylor, f32 to s^8, f64 to s^20; truncation below 2^-56). Unlike fdlibm, f is formed from u
// without rounding 1 + u first: f = u for k = 0, f = (u - 1) / 2 for k = 1 (u - 1 is exact for u in
// [1/2, 1]), so there is no rounding error of 1 + u to carry, and no second quotient for it.
// kFast (float fast paths, u in [2^-126, 1]): no division; s from the reciprocal seed and one
// Newton step.
template <bool kFast = false, class D>
HWY_INLINE V<D> Log1pUnit(D d, V<D> u) {
  const V<D> one = Const(d, 1.0);
  const V<D> half = Const(d, 0.5);
  const auto big = hn::Gt(u, Const(d, 0.41421356237309504880));      // 1 + u > sqrt 2
  const V<D> f = hn::IfThenElse(big, hn::MulSub(u, half, half), u);  // (u - 1) / 2: exact
  const V<D> k = hn::IfThenElseZero(big, one);
  const V<D> two_f = hn::Add(Const(d, 2.0), f);
  const V<D> s = kFast ? QuotientStep<D>(f, two_f, ReciprocalSeed(d, two_f)) : hn::Div(f, two_f);
  const V<D> inner = Log1pInner(d, f, s, hn::Mul(k, Ln2Lo(d)));
  return hn::MulAdd(k, Ln2Hi(d), hn::Sub(f, inner));
}

// log1p(u + u_lo) for u in [2^-30, 1] (f32: [2^-14, 1]; and NaN) as hi + lo, so that a caller's
// product with a constant rounds once. Here f comes from w = 1 + u rounded, as in fdlibm, unlike
// Log1pUnit: the rounding error c of w is needed anyway to carry u_lo (c + u_lo enters as
// (c + u_lo)/w), and f = m - 1 on m's grid makes k ln2_hi + f exact, so that the rest can be added
// by Fast2Sum. (Below that range u_lo would be lost in c; log1p there is u - u^2/2 + u^3/3 to well
// within T's precision.)
template <class D>
HWY_INLINE Pair<D> Log1pUnitPair(D d, V<D> u, V<D> u_lo) {
  const V<D> one = Const(d, 1.0);
  const V<D> w = hn::Add(one, u);
  const V<D> c = hn::Add(hn::Sub(u, hn::Sub(w, one)), u_lo);
  const auto big = hn::Gt(w, Const(d, 1.41421356237309504880));
  const V<D> m = hn::IfThenElse(big, hn::Mul(w, Const(d, 0.5)), w);
  const V<D> k = hn::IfThenElseZero(big, one);
  const V<D> f = hn::Sub(m, one);
  const V<D> s = hn::Div(f, hn::Add(Const(d, 2.0), f));
  const V<D> inner = Log1pInner(d, f, s, hn::MulAdd(k, Ln2Lo(d), hn::Div(c, w)));
  // ln2_hi has trailing zeros and f = m - 1 lies on m's grid, so k ln2_hi + f is exact.
  const V<D> head = hn::MulAdd(k, Ln2Hi(d), f);
  const V<D> hi = hn::Sub(head, inner);
  return {hi, hn::Sub(hn::Sub(head, hi), inner)};  // Fast2Sum: |head| >= |inner|
}

}  // namespace actlab::vecmath::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
