// Shared pieces of the activation definitions: the extended-precision scalar helpers that several
// families use. Scalar part only (plain C++, compiled once).
#ifndef ACTLAB_SIMD_ACTIVATIONS_COMMON_SCALAR_H_
#define ACTLAB_SIMD_ACTIVATIONS_COMMON_SCALAR_H_

#include <cstdint>
#include <cmath>
#include <limits>
#include <string>

#include "actlab/activation.h"

namespace actlab::defs {

using LD = long double;
inline constexpr double kInf = std::numeric_limits<double>::infinity();

// 1/(1+e^-x) without overflow: e = exp(-|x|) is at most 1.
inline LD SigmoidL(LD x) {
  const LD e = std::exp(-std::fabs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

// sigmoid'(x) = e/(1+e)^2 with e = exp(-|x|), never s(1-s), which cancels for large |x|.
inline LD SigmoidDerivativeL(LD x) {
  const LD e = std::exp(-std::fabs(x));
  return e / ((1 + e) * (1 + e));
}

// log(1+e^x) in both tails.
inline LD SoftplusL(LD x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

}  // namespace actlab::defs

#endif  // ACTLAB_SIMD_ACTIVATIONS_COMMON_SCALAR_H_

// ---------------------------------------------------------------------------------------------
// Vector part: the numerical core the kernels share. Compiled once per instruction set, only by
// src/simd/dispatch.cc (which defines ACTLAB_SIMD_VECTOR_PART); every other includer sees the scalar
// part alone. Accuracy notes assume a target with fused multiply-add (AVX2, AVX-512); the error-free
// transforms below degrade to plain rounding on targets without it.
#if defined(ACTLAB_SIMD_VECTOR_PART)
#if defined(ACTLAB_SIMD_ACTIVATIONS_COMMON_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SIMD_ACTIVATIONS_COMMON_INL_H_
#undef ACTLAB_SIMD_ACTIVATIONS_COMMON_INL_H_
#else
#define ACTLAB_SIMD_ACTIVATIONS_COMMON_INL_H_
#endif

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::defs::HWY_NAMESPACE {
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

// 2^k for integer lanes k in the normal exponent range, built from the bits.
template <class D>
HWY_INLINE V<D> Pow2(D d, hn::Vec<hn::RebindToSigned<D>> k) {
  const hn::RebindToSigned<D> di;
  constexpr int kMantissaBits = kIsF32<D> ? 23 : 52;
  constexpr int kBias = kIsF32<D> ? 127 : 1023;
  return hn::BitCast(d, hn::ShiftLeft<kMantissaBits>(hn::Add(k, hn::Set(di, kBias))));
}

// Cody–Waite reduction x = n ln2 + r, |r| <= ln2/2 (n*ln2_hi is exact), and
// expm1(r) = r + r^2 q(r): f32 the Cephes expf minimax polynomial (degree 7 in all), f64 Taylor to
// degree 13 (truncation below 2^-57). n comes out as an integer from the bits of the rounding sum.
template <class D>
struct Reduced {
  V<D> r;                                  // reduced argument
  V<D> em1;                                // expm1(r), error about half an ulp
  V<D> em1_lo;                             // the rounding error of em1's last addition
  hn::Vec<hn::RebindToSigned<D>> n;        // the power of two
};

template <class D>
HWY_INLINE Reduced<D> ReduceExp(D d, V<D> x) {
  const hn::RebindToSigned<D> di;
  const V<D> shifter = Const(d, kIsF32<D> ? 12582912.0 : 6755399441055744.0);  // 1.5 2^23, 1.5 2^52
  const V<D> kd = hn::MulAdd(x, Const(d, 1.44269504088896340735992468100189214), shifter);
  const V<D> nf = hn::Sub(kd, shifter);
  const auto n = hn::Sub(hn::BitCast(di, kd), hn::BitCast(di, shifter));
  V<D> r;
  V<D> r_lo = hn::Zero(d);  // f64: what r carries beyond T
  V<D> q;
  if constexpr (kIsF32<D>) {
    r = hn::NegMulAdd(nf, Const(d, 0.693359375), x);
    r = hn::NegMulAdd(nf, Const(d, -2.12194440e-4), r);
    q = Const(d, 1.9875691500E-4);
    q = hn::MulAdd(q, r, Const(d, 1.3981999507E-3));
    q = hn::MulAdd(q, r, Const(d, 8.3334519073E-3));
    q = hn::MulAdd(q, r, Const(d, 4.1665795894E-2));
    q = hn::MulAdd(q, r, Const(d, 1.6666665459E-1));
    q = hn::MulAdd(q, r, Const(d, 5.0000001201E-1));
  } else {
    // r = r_hi + r_lo: r_hi is exact (ln2_hi has 32 significant bits), and r_lo enters expm1's
    // last addition instead of being rounded into r first, which costs up to 0.4 ulp where
    // 2^n expm1(r) + (2^n - 1) cancels (tanh(-0.178) was 2.02 ulp off).
    const V<D> r_hi = hn::NegMulAdd(nf, Const(d, 6.93147180369123816490e-01), x);
    r_lo = hn::Mul(nf, Const(d, -1.90821492927058770002e-10));
    r = hn::Add(r_hi, r_lo);
    r_lo = hn::Sub(r_lo, hn::Sub(r, r_hi));  // what r lost in its rounding (Fast2Sum)
    q = Const(d, 1.0 / 6227020800.0);
    q = hn::MulAdd(q, r, Const(d, 1.0 / 479001600.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 39916800.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 3628800.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 362880.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 40320.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 5040.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 720.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 120.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 24.0));
    q = hn::MulAdd(q, r, Const(d, 1.0 / 6.0));
    q = hn::MulAdd(q, r, Const(d, 0.5));
  }
  const V<D> tail = hn::MulAdd(hn::Mul(r, r), q, r_lo);
  const V<D> em1 = hn::Add(r, tail);
  // Fast2Sum (|r| >= |tail|: tail is about r^2 / 2 with |r| <= ln2 / 2).
  return {r, em1, hn::Sub(tail, hn::Sub(em1, r)), n};
}

// exp(x) = head * scale. head = exp(r) 2^(n - n/2) stays normal, scale = 2^(n/2): a caller that
// multiplies head by its other factors first and by scale last rounds into the subnormal range once,
// so results there keep every bit they can hold. NaN gives NaN, -inf 0, +inf inf.
template <class D>
struct ExpSplit {
  V<D> head, scale;
  V<D> Value() const { return hn::Mul(head, scale); }
};

// exp(x (1 + ...)) for an argument known as x + lo: exp(x) (1 + lo) with the correction folded into
// the polynomial's last addition (one rounding instead of two).
template <class D>
HWY_INLINE ExpSplit<D> ExpParts(D d, V<D> x, V<D> x_lo) {
  // Beyond these the result is exactly 0 or inf. The lower limit lies far enough below the
  // underflow point (-103.97, -745.13) that e x stays right for the x e^x of silu, mish and gelu.
  const V<D> lo = Const(d, kIsF32<D> ? -112.0 : -760.0);
  const V<D> hi = Const(d, kIsF32<D> ? 89.0 : 710.0);
  const V<D> xc = hn::Min(hn::Max(x, lo), hi);
  const Reduced<D> red = ReduceExp(d, xc);
  const auto n_half = hn::ShiftRight<1>(red.n);
  // (1 + em1)(1 + lo) = 1 + (em1 + lo (1 + em1)).
  const V<D> p =
      hn::Add(hn::MulAdd(x_lo, hn::Add(red.em1, Const(d, 1.0)), red.em1), Const(d, 1.0));
  const V<D> head = hn::Mul(p, Pow2(d, hn::Sub(red.n, n_half)));
  // NaN travels in head; scale is finite.
  const V<D> zeroed = hn::IfThenZeroElse(hn::Lt(x, lo), head);
  return {hn::IfThenElse(hn::IsNaN(x), x, zeroed), Pow2(d, n_half)};
}

// exp(x + x_lo) = (head + head_lo) scale, head and scale as ExpParts's (without x_lo folded in),
// head_lo the rounding errors of 1 + expm1(r) and of expm1(r)'s last addition, and x_lo head: for
// callers that round a product of the exponential once. lowest (at least -170 / -1400, where head
// and scale stay normal) sets where the result becomes exactly 0.
template <class D>
struct ExpPair {
  V<D> head, head_lo, scale;
};
template <class D>
HWY_INLINE ExpPair<D> ExpPartsPair(D d, V<D> x, V<D> x_lo, T<D> lowest) {
  const V<D> lo = hn::Set(d, lowest);
  const V<D> xc = hn::Min(hn::Max(x, lo), Const(d, kIsF32<D> ? 89.0 : 710.0));
  const Reduced<D> red = ReduceExp(d, xc);
  const auto n_half = hn::ShiftRight<1>(red.n);
  const V<D> one = Const(d, 1.0);
  const V<D> p = hn::Add(red.em1, one);
  // Fast2Sum (1 >= |em1|), then the error of em1 itself and x_lo exp(x).
  const V<D> p_lo = hn::Add(hn::Sub(red.em1, hn::Sub(p, one)), hn::MulAdd(x_lo, p, red.em1_lo));
  const V<D> h = Pow2(d, hn::Sub(red.n, n_half));
  const auto nan = hn::IsNaN(x);
  const auto gone = hn::Lt(x, lo);
  const V<D> head = hn::IfThenElse(nan, x, hn::IfThenZeroElse(gone, hn::Mul(p, h)));
  return {head, hn::IfThenZeroElse(hn::Or(gone, nan), hn::Mul(p_lo, h)), Pow2(d, n_half)};
}

template <class D>
HWY_INLINE ExpSplit<D> ExpParts(D d, V<D> x) {
  return ExpParts(d, x, hn::Zero(d));
}

template <class D>
HWY_INLINE V<D> Exp(D d, V<D> x) {
  return ExpParts(d, x).Value();
}

// expm1(x) for x <= 0 (and NaN): 2^n expm1(r) + (2^n - 1), one rounding with FMA; the sign of zero
// is kept (expm1(-0) = -0).
// x_lo: what the argument carries beyond T (expm1(x + lo) = expm1(x) + lo e^x).
template <class D>
HWY_INLINE V<D> Expm1NonPositive(D d, V<D> x, V<D> x_lo) {
  const V<D> xc = hn::Max(x, Const(d, kIsF32<D> ? -80.0 : -700.0));  // 2^n stays normal
  const Reduced<D> red = ReduceExp(d, xc);
  const V<D> s = Pow2(d, red.n);
  const V<D> em1 = hn::MulAdd(x_lo, hn::Add(red.em1, Const(d, 1.0)), red.em1);
  const V<D> y = hn::MulAdd(em1, s, hn::Sub(s, Const(d, 1.0)));
  const V<D> keep = hn::IfThenElse(hn::Eq(x, hn::Zero(d)), x, y);
  return hn::IfThenElse(hn::IsNaN(x), x, keep);
}

template <class D>
HWY_INLINE V<D> Expm1NonPositive(D d, V<D> x) {
  return Expm1NonPositive(d, x, hn::Zero(d));
}

// A value known as hi + lo (|lo| below about an ulp of hi).
template <class D>
struct Pair {
  V<D> hi, lo;
};

// expm1(x + x_lo) for x <= 0 (and NaN) as hi + lo: the rounding errors of expm1(r) and of the last
// addition are kept, so that a caller's product with a constant rounds once (alpha expm1(x / alpha)
// rounded expm1 first: 2.2 ulp).
template <class D>
HWY_INLINE Pair<D> Expm1NonPositivePair(D d, V<D> x, V<D> x_lo) {
  const V<D> xc = hn::Max(x, Const(d, kIsF32<D> ? -80.0 : -700.0));  // 2^n stays normal
  const Reduced<D> red = ReduceExp(d, xc);
  const V<D> s = Pow2(d, red.n);
  const V<D> one = Const(d, 1.0);
  const V<D> em1 = red.em1;
  // expm1(r + x_lo) = expm1(r) + x_lo e^r: the second term joins the low part.
  const V<D> em1_lo = hn::MulAdd(x_lo, hn::Add(em1, one), red.em1_lo);
  const V<D> b = hn::Sub(s, one);  // exact for the n that matter (-1 beyond)
  const V<D> a = hn::Mul(em1, s);  // exact
  const V<D> y = hn::Add(b, a);
  // Fast2Sum: |b| >= |a| (n = 0: b = 0; n < 0: |b| >= 1/2 > |a|).
  const V<D> y_lo = hn::MulAdd(em1_lo, s, hn::Sub(a, hn::Sub(y, b)));
  const auto zero = hn::Eq(x, hn::Zero(d));
  const V<D> hi = hn::IfThenElse(hn::IsNaN(x), x, hn::IfThenElse(zero, x, y));
  return {hi, hn::IfThenZeroElse(hn::Or(zero, hn::IsNaN(x)), y_lo)};
}

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

// The pieces of the logistic function at x, from e = exp(-|x|) (split for subnormal safety):
// r = 1/(1+e) and g = e/(1+e), both refined; sigmoid(x) = x >= 0 ? r : g, 1 - sigmoid(x) the other.
template <class D>
struct Logistic {
  ExpSplit<D> e;
  V<D> r;        // 1 / (1 + e)
  V<D> g_head;   // e / (1 + e) = g_head * e.scale
  V<D> g;        // e / (1 + e)
  V<D> g_flushed;  // g, or 0 where it is below about 2^-40 (for sums with terms of order 1)
};

// From e = exp(-|t|) given (for arguments known to more than T's precision).
template <class D>
HWY_INLINE Logistic<D> LogisticFromExp(D d, const ExpSplit<D>& e) {
  const V<D> one = Const(d, 1.0);
  // e as it enters 1 + e: below 2^-40 it cannot change 1 + e, and forming it there could take the
  // slow subnormal path of the hardware (a microcode assist per instruction), so it is 0 instead.
  const auto negligible = hn::AndNot(hn::IsNaN(e.head), hn::Lt(e.scale, Const(d, 0x1p-40)));
  const V<D> ev =
      hn::IfThenZeroElse(negligible, hn::Mul(e.head, hn::Max(e.scale, Const(d, 0x1p-40))));
  const V<D> den = hn::Add(one, ev);
  const V<D> den_lo = hn::Sub(ev, hn::Sub(den, one));
  const V<D> rcp0 = hn::Div(one, den);
  const V<D> r = DivideRefined<D>(one, den, den_lo, rcp0);
  const V<D> g_head = DivideRefined<D>(e.head, den, den_lo, rcp0);
  return {e, r, g_head, hn::Mul(g_head, e.scale),
          hn::IfThenZeroElse(negligible, hn::Mul(g_head, hn::Max(e.scale, Const(d, 0x1p-40))))};
}

template <class D>
HWY_INLINE Logistic<D> LogisticOf(D d, V<D> x) {
  return LogisticFromExp(d, ExpParts(d, hn::Neg(hn::Abs(x))));
}

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

// ---------------------------------------------------------------------------------------------
// Fast paths (float only). A kernel tests once per vector that every lane lies where the
// exponential stays in the normal range (no NaN, no infinity, no subnormal or overflowing
// intermediate); such vectors skip the split scaling, the clamps and the NaN/zero blends of the
// general code, and replace the division by a reciprocal estimate refined by one Newton step of
// the quotient. Other vectors take the general code, so results there are unchanged.

// A kernel K with a float fast path: K::ValueFast / DerivativeFast where every lane of
// K::FastLanes(d, x) is set (the usual case: one test per vector), K::ValueGeneral /
// DerivativeGeneral for float64 and for a vector without any such lane. A vector with lanes of
// both kinds runs both paths and takes each lane from its own (the fast path on a copy whose other
// lanes are 0, so that they cannot produce subnormals): a lane's result never depends on its
// neighbours, nor on the alignment or the split of the array. Optional members:
// K::DerivativeFastLanes replaces FastLanes for the derivative, K::FastPathApplies() turns
// the fast path off for parameters it does not cover, and K::FastPathEverywhere() says that the
// value's fast path is right for every input (no lane test). The fast path is called directly, not
// through a lambda, so that it is always inlined into the array loop (the compiler had made the
// elu family's and softplus's fast paths into a call per vector).
template <class D, class M, class Fast, class General>
HWY_NOINLINE V<D> MixedLanes(D, V<D> x, M ok, const Fast& fast, const General& general) {
  return hn::IfThenElse(ok, fast(hn::IfThenElseZero(ok, x)), general(x));
}
template <class K>
HWY_INLINE bool FastPathApplies(const K& k) {
  if constexpr (requires { k.FastPathApplies(); }) {
    return k.FastPathApplies();
  } else {
    return true;
  }
}
template <class K, class D>
HWY_INLINE V<D> FastPathValue(const K& k, D d, V<D> x) {
  if constexpr (kIsF32<D>) {
    if (FastPathApplies(k)) {
      if constexpr (requires { k.FastPathEverywhere(); }) {
        if (k.FastPathEverywhere()) return k.ValueFast(d, x);
      }
      const auto ok = K::FastLanes(d, x);
      if (HWY_LIKELY(hn::AllTrue(d, ok))) return k.ValueFast(d, x);
      return MixedLanes(
          d, x, ok, [&](V<D> v) { return k.ValueFast(d, v); },
          [&](V<D> v) { return k.ValueGeneral(d, v); });
    }
  }
  return k.ValueGeneral(d, x);
}
template <class K, class D>
HWY_INLINE V<D> FastPathDerivative(const K& k, D d, V<D> x) {
  if constexpr (kIsF32<D>) {
    if (FastPathApplies(k)) {
      const auto ok = [&] {
        if constexpr (requires { K::DerivativeFastLanes(d, x); }) {
          return K::DerivativeFastLanes(d, x);
        } else {
          return K::FastLanes(d, x);
        }
      }();
      if (HWY_LIKELY(hn::AllTrue(d, ok))) return k.DerivativeFast(d, x);
      return MixedLanes(
          d, x, ok, [&](V<D> v) { return k.DerivativeFast(d, v); },
          [&](V<D> v) { return k.DerivativeGeneral(d, v); });
    }
  }
  return k.DerivativeGeneral(d, x);
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
  const auto big = hn::Gt(u, Const(d, 0.41421356237309504880));  // 1 + u > sqrt 2
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

// n ln2 + r = t as in ReduceExp; kd holds n in its low bits, nf = n as T. kOneConstant: r = t - n
// ln2 with ln2 rounded to float (off by n 1.9e-9; see Expm1FastShort).
template <class D>
struct ReducedFast {
  V<D> r, nf, kd;
};
template <bool kOneConstant = false, class D>
HWY_INLINE ReducedFast<D> ReduceFast(D d, V<D> t) {
  static_assert(kIsF32<D>, "float only");
  const V<D> shifter = Const(d, 12582912.0);  // 1.5 2^23
  const V<D> kd = hn::MulAdd(t, Const(d, 1.44269504088896340735992468100189214), shifter);
  const V<D> nf = hn::Sub(kd, shifter);
  if constexpr (kOneConstant) {
    return {hn::NegMulAdd(nf, Const(d, 0.693147182464599609375), t), nf, kd};
  }
  V<D> r = hn::NegMulAdd(nf, Const(d, 0.693359375), t);
  r = hn::NegMulAdd(nf, Const(d, -2.12194440e-4), r);
  return {r, nf, kd};
}

// The polynomial P of expm1(r) = r + r^2 P(r), |r| <= ln2/2, highest degree first. Cephes's
// expf polynomial (degree 7 in all: relative error of expm1(r) 2.4e-10), or with kShort a degree-6
// minimax fit (mpmath, for the relative error of expm1(r): 1.3e-8, about 0.22 ulp of float) for
// callers with room in their error budget: one operation fewer.
template <bool kShort = false, class D>
HWY_INLINE V<D> ExpPoly(D d, V<D> r) {
  if constexpr (kShort) {
    V<D> q = Const(d, 1.3882522471249104e-3);
    q = hn::MulAdd(q, r, Const(d, 8.36651399731636e-3));
    q = hn::MulAdd(q, r, Const(d, 4.166720062494278e-2));
    q = hn::MulAdd(q, r, Const(d, 1.666654348373413e-1));
    return hn::MulAdd(q, r, Const(d, 4.999999701976776e-1));
  }
  V<D> q = Const(d, 1.9875691500E-4);
  q = hn::MulAdd(q, r, Const(d, 1.3981999507E-3));
  q = hn::MulAdd(q, r, Const(d, 8.3334519073E-3));
  q = hn::MulAdd(q, r, Const(d, 4.1665795894E-2));
  q = hn::MulAdd(q, r, Const(d, 1.6666665459E-1));
  return hn::MulAdd(q, r, Const(d, 5.0000001201E-1));
}

// p 2^n for integral n (nf, and in the low bits of kd) where p 2^n is a normal number.
template <class D>
HWY_INLINE V<D> ScaleFast(D d, V<D> p, const ReducedFast<D>& red) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  if constexpr (sizeof(V<D>) == 64) {
    (void)d;
    return V<D>{_mm512_scalef_ps(p.raw, red.nf.raw)};
  }
#endif
  const hn::RebindToSigned<D> di;
  return hn::BitCast(d, hn::Add(hn::BitCast(di, p), hn::ShiftLeft<23>(hn::BitCast(di, red.kd))));
}

// exp(t) for t in [-87, 88] (result normal): 1 + (r + r^2 P(r)), then 2^n. (The Horner form
// 1 + r (1 + r P) saves an operation but rounds 1 + r P first: sigmoid' went from 2.65 to
// 3.08 ulp.)
template <class D>
HWY_INLINE V<D> ExpFast(D d, V<D> t) {
  const ReducedFast<D> red = ReduceFast(d, t);
  const V<D> em1 = hn::MulAdd(hn::Mul(red.r, red.r), ExpPoly(d, red.r), red.r);
  return ScaleFast(d, hn::Add(em1, Const(d, 1.0)), red);
}

// exp(t + lo) (|lo| tiny) for t in [-87, 88]: exp(t) (1 + lo) with the correction folded into the
// polynomial's last addition, as ExpParts.
template <class D>
HWY_INLINE V<D> ExpFast(D d, V<D> t, V<D> lo) {
  const ReducedFast<D> red = ReduceFast(d, t);
  const V<D> one = Const(d, 1.0);
  const V<D> em1 = hn::MulAdd(hn::Mul(red.r, red.r), ExpPoly(d, red.r), red.r);
  return ScaleFast(d, hn::Add(hn::MulAdd(lo, hn::Add(em1, one), em1), one), red);
}

// ExpFast with the polynomial in Horner form, 1 + r (1 + r P(r)): one operation less, up to about
// 0.3 ulp more (for results that the error of e reaches only in part, such as sigmoid's); kShort:
// the short polynomial (one operation less again, about 0.13 ulp more).
template <bool kShort = false, class D>
HWY_INLINE V<D> ExpFastHorner(D d, V<D> t) {
  const ReducedFast<D> red = ReduceFast(d, t);
  const V<D> one = Const(d, 1.0);
  const V<D> p = ExpPoly<kShort>(d, red.r);
  return ScaleFast(d, hn::MulAdd(hn::MulAdd(p, red.r, one), red.r, one), red);
}

// expm1(t) for t in [-87, 0]: 2^n expm1(r) + (2^n - 1) in one FMA. The sign of a zero result is
// not kept (callers that need expm1(-0) = -0 put it back).
template <class D>
HWY_INLINE V<D> Expm1Fast(D d, V<D> t) {
  const ReducedFast<D> red = ReduceFast(d, t);
  const V<D> em1 = hn::MulAdd(hn::Mul(red.r, red.r), ExpPoly(d, red.r), red.r);
  const V<D> one = Const(d, 1.0);
  const V<D> s = ScaleFast(d, one, red);
  return hn::MulAdd(em1, s, hn::Sub(s, one));
}

// Expm1Fast as hi + lo (the rounding errors of expm1(r) and of the last addition kept), for a
// product with a constant that rounds once; the same conditions. A zero result may be +0.
template <class D>
HWY_INLINE Pair<D> Expm1FastPair(D d, V<D> t) {
  const ReducedFast<D> red = ReduceFast(d, t);
  const V<D> tail = hn::Mul(hn::Mul(red.r, red.r), ExpPoly(d, red.r));
  const V<D> em1 = hn::Add(red.r, tail);
  const V<D> em1_lo = hn::Sub(tail, hn::Sub(em1, red.r));  // Fast2Sum, |r| >= |tail|
  const V<D> one = Const(d, 1.0);
  const V<D> s = ScaleFast(d, one, red);
  const V<D> b = hn::Sub(s, one);
  const V<D> a = hn::Mul(em1, s);
  const V<D> y = hn::Add(b, a);
  return {y, hn::MulAdd(em1_lo, s, hn::Sub(a, hn::Sub(y, b)))};  // Fast2Sum, |b| >= |a|
}

// expm1(t) for t in [-87, 0] from a shorter recipe: one reduction constant (float ln2, so that
// n ln2 is off by n 1.9e-9) and the short polynomial. Two operations fewer than Expm1Fast, for
// callers whose error budget has room: in e^t - 1 the reduction error reaches the result as
// e^t n 1.9e-9, under 0.07 ulp, since e^t - 1 is near -1 wherever n is large.
template <class D>
HWY_INLINE V<D> Expm1FastShort(D d, V<D> t) {
  const ReducedFast<D> red = ReduceFast<true>(d, t);
  const V<D> em1 = hn::MulAdd(hn::Mul(red.r, red.r), ExpPoly<true>(d, red.r), red.r);
  const V<D> one = Const(d, 1.0);
  const V<D> s = ScaleFast(d, one, red);
  return hn::MulAdd(em1, s, hn::Sub(s, one));
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

}  // namespace actlab::defs::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
#endif  // ACTLAB_SIMD_VECTOR_PART
