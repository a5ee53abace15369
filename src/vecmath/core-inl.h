// The vector core every kernel uses: lane types, constants split into hi + lo, error-free
// transforms (TwoSum, TwoProd), products with split constants rounded once, NaN-keeping helpers.
// Accuracy notes assume a target with fused multiply-add (AVX2, AVX-512); the error-free
// transforms degrade to plain rounding on targets without it.
#if defined(ACTLAB_SRC_VECMATH_CORE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_VECMATH_CORE_INL_H_
#undef ACTLAB_SRC_VECMATH_CORE_INL_H_
#else
#define ACTLAB_SRC_VECMATH_CORE_INL_H_
#endif

#include <cmath>
#include <cstdint>
#include <limits>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::vecmath::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D>
using V = hn::Vec<D>;
template <class D>
using T = hn::TFromD<D>;
template <class D>
inline constexpr bool kIsF32 = sizeof(T<D>) == 4;

template <class D>
HWY_INLINE V<D> Const(D d, double value) {
  return hn::Set(d, static_cast<T<D>>(value));
}

// A constant c as hi + lo in T, so that x c can be formed to about twice T's precision.
template <class T_>
struct Split {
  T_ hi, lo;
  T_ lo2;  // what hi + lo leave of c (for products that must round exactly)
  static Split Of(long double c) {
    const T_ hi = static_cast<T_>(c);
    const T_ lo = static_cast<T_>(c - static_cast<long double>(hi));
    return {hi, lo,
            static_cast<T_>(c - static_cast<long double>(hi) - static_cast<long double>(lo))};
  }
};

// x c for a constant split into hi + lo: one rounding of (nearly) the exact product.
template <class D>
HWY_INLINE V<D> MulSplit(D d, V<D> x, Split<T<D>> c) {
  return hn::MulAdd(x, hn::Set(d, c.lo), hn::Mul(x, hn::Set(d, c.hi)));
}

// a b = p + e exactly (fused multiply-add).
template <class D>
HWY_INLINE V<D> TwoProdError(V<D> a, V<D> b, V<D> p) {
  return hn::MulSub(a, b, p);
}

// a + b = s + e exactly, for any a, b (Knuth's TwoSum).
template <class D>
HWY_INLINE V<D> TwoSumError(V<D> a, V<D> b, V<D> s) {
  const V<D> bb = hn::Sub(s, a);
  return hn::Add(hn::Sub(a, hn::Sub(s, bb)), hn::Sub(b, bb));
}

// A value known as hi + lo (|lo| below about an ulp of hi).
template <class D>
struct Pair {
  V<D> hi, lo;
};

// Replaces NaN lanes of x in result (derivatives of piecewise functions: NaN in, NaN out).
template <class D>
HWY_INLINE V<D> KeepNaN(V<D> x, V<D> result) {
  return hn::IfThenElse(hn::IsNaN(x), x, result);
}

// x * c with c = hi + lo, guarded so that an infinite x gives the infinite product, not NaN.
template <class D>
HWY_INLINE V<D> MulSplitGuardedBody(D d, V<D> x, Split<T<D>> c) {
  const V<D> p = hn::Mul(x, hn::Set(d, c.hi));
  // Infinite or zero products stay as they are (x lo could turn -0 into +0).
  const auto plain = hn::Or(hn::Not(hn::IsFinite(p)), hn::Eq(p, hn::Zero(d)));
  return hn::IfThenElse(plain, p, hn::MulAdd(x, hn::Set(d, c.lo), p));
}

// x * c rounded (nearly always) correctly for c = hi + lo: the exact error of x hi joins x lo
// before the last rounding. With kPair, x is known as x + x_lo and x_lo hi joins too.
// Tiny x is scaled up by 2^64 first so that the error term does not underflow (the scaling back is
// exact unless the product is subnormal, where it rounds a second time).
template <bool kPair, class D>
HWY_INLINE V<D> MulSplitRoundedImpl(D d, V<D> x, [[maybe_unused]] V<D> x_lo, Split<T<D>> c) {
  const V<D> hi = hn::Set(d, c.hi);
  // Where x hi is this small its rounding error would underflow.
  const auto tiny = hn::Lt(hn::Abs(hn::Mul(x, hi)), Const(d, kIsF32<D> ? 0x1p-100 : 0x1p-968));
  const V<D> xs = hn::IfThenElse(tiny, hn::Mul(x, Const(d, 0x1p64)), x);
  const V<D> p = hn::Mul(xs, hi);
  V<D> tail = hn::MulAdd(xs, hn::Set(d, c.lo2), TwoProdError<D>(xs, hi, p));
  if constexpr (kPair) {
    const V<D> xs_lo = hn::IfThenElse(tiny, hn::Mul(x_lo, Const(d, 0x1p64)), x_lo);
    tail = hn::MulAdd(xs_lo, hi, tail);
  }
  const V<D> e = hn::MulAdd(xs, hn::Set(d, c.lo), tail);
  const V<D> r = hn::IfThenElse(hn::IsFinite(p), hn::Add(p, e), p);
  if (hn::AllFalse(d, tiny)) return r;  // the usual case: no lane needs the scaling
  // A product that ends subnormal would be rounded twice (to T, then by the scaling). Instead
  // round p once into the subnormal range (m) and move m by one subnormal step where the exact
  // remainder (p - m 2^64) + e passes half a step.
  const V<D> down = Const(d, 0x1p-64);
  const V<D> m = hn::Mul(p, down);
  const V<D> remainder = hn::Add(hn::NegMulAdd(m, Const(d, 0x1p64), p), e);
  const T<D> step = std::numeric_limits<T<D>>::denorm_min();
  const V<D> half_step_scaled = Const(d, static_cast<double>(step) * 0x1p63);
  const V<D> below = hn::IfThenElse(hn::Lt(remainder, hn::Neg(half_step_scaled)),
                                    hn::Sub(m, hn::Set(d, step)), m);  // keeps -0
  const V<D> subnormal =
      hn::IfThenElse(hn::Gt(remainder, half_step_scaled), hn::Add(m, hn::Set(d, step)), below);
  const auto subnormal_after = hn::Lt(hn::Abs(p), Const(d, kIsF32<D> ? 0x1p-62 : 0x1p-958));
  const V<D> small = hn::IfThenElse(subnormal_after, subnormal, hn::Mul(r, down));
  return hn::IfThenElse(tiny, small, r);
}

template <class D>
HWY_INLINE V<D> MulSplitRounded(D d, V<D> x, Split<T<D>> c) {
  return MulSplitRoundedImpl<false>(d, x, hn::Zero(d), c);
}

// (x + x_lo) c, rounded once as MulSplitRounded (finite products; -0 stays -0).
template <class D>
HWY_INLINE V<D> MulSplitRounded(D d, Pair<D> x, Split<T<D>> c) {
  return MulSplitRoundedImpl<true>(d, x.hi, x.lo, c);
}

// (x + x_lo) c for normal x and a normal product (float fast paths): the exact error of x hi, x lo
// and x_lo hi join before the one rounding.
template <class D>
HWY_INLINE V<D> MulSplitPair(D d, Pair<D> x, Split<T<D>> c) {
  const V<D> hi = hn::Set(d, c.hi);
  const V<D> p = hn::Mul(x.hi, hi);
  const V<D> tail = hn::MulAdd(x.lo, hi, TwoProdError<D>(x.hi, hi, p));
  return hn::Add(p, hn::MulAdd(x.hi, hn::Set(d, c.lo), tail));
}

template <class D>
HWY_INLINE V<D> MulSplitGuarded(D d, V<D> x, Split<T<D>> c) {
  // Near the overflow threshold, whether the product is the largest finite number or inf depends
  // on its last bit (selu(3.2386221e38f) and its neighbour, found by the exhaustive sweep): huge x
  // is scaled down by 2^64, multiplied with correct rounding, and scaled back, which overflows
  // exactly when the exact product rounds to inf.
  const auto huge = hn::Ge(hn::Abs(x), Const(d, kIsF32<D> ? 0x1p64 : 0x1p512));
  if (hn::AllFalse(d, huge)) return MulSplitGuardedBody(d, x, c);
  const V<D> down = hn::Mul(x, Const(d, 0x1p-64));
  const V<D> scaled = hn::Mul(MulSplitRounded(d, down, c), Const(d, 0x1p64));
  return hn::IfThenElse(huge, scaled, MulSplitGuardedBody(d, x, c));
}

// min(c, x) that returns a NaN x as NaN. x86's minps returns its second operand when either is
// NaN, so there this is one instruction; the portable targets return the number, and the NaN is
// put back.
template <class D>
HWY_INLINE V<D> MinKeepingNaN(D d, V<D> c, V<D> x) {
#if HWY_ARCH_X86 && HWY_TARGET != HWY_EMU128 && HWY_TARGET != HWY_SCALAR
  (void)d;
  return hn::Min(c, x);
#else
  (void)d;
  return hn::IfThenElse(hn::IsNaN(x), x, hn::Min(c, x));
#endif
}

// AVX-512's vfixupimm on full vectors: each lane of x replaced by the token that the nibble of
// `table` for its class selects (classes from the lowest nibble: QNaN, SNaN, +-0, +1, -inf, +inf,
// negative, positive; tokens: 0 keep, 1 x, 2 x quietened, 7 -0, 8 +0, 9 -1, 10 +1, ...).
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
template <class D>
inline constexpr bool kHasFixup = sizeof(V<D>) == 64;
template <class D>
HWY_INLINE V<D> FixupByClass(D, V<D> x, std::uint32_t table) {
  if constexpr (kIsF32<D>) {
    return V<D>{_mm512_fixupimm_ps(x.raw, x.raw, _mm512_set1_epi32(static_cast<int>(table)), 0)};
  } else {
    return V<D>{_mm512_fixupimm_pd(x.raw, x.raw, _mm512_set1_epi64(table), 0)};
  }
}
#else
template <class D>
inline constexpr bool kHasFixup = false;
template <class D>
HWY_INLINE V<D> FixupByClass(D, V<D> x, std::uint32_t) {
  return x;  // never called: kHasFixup is false
}
#endif

// -|x| in one operation (the sign bit set).
template <class D>
HWY_INLINE V<D> NegAbs(D d, V<D> x) {
  return hn::Or(x, hn::SignBit(d));
}

// The T nearest above / below a double threshold: for T = float, "x > t" equals "x >= Above(t)".
template <class T_>
T_ StrictlyAbove(double t) {
  T_ f = static_cast<T_>(t);
  if (static_cast<double>(f) <= t) f = std::nextafter(f, std::numeric_limits<T_>::infinity());
  return f;
}
template <class T_>
T_ StrictlyBelow(double t) {
  T_ f = static_cast<T_>(t);
  if (static_cast<double>(f) >= t) f = std::nextafter(f, -std::numeric_limits<T_>::infinity());
  return f;
}

}  // namespace actlab::vecmath::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
