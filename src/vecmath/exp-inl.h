// Exponentials: exp and expm1 by Cody-Waite reduction and a polynomial, in split forms that keep
// subnormal results exact (ExpParts, ExpPartsPair), as hi + lo pairs, and the float fast forms for
// arguments whose results stay normal (ExpFast, Expm1Fast, Expm1FastShort).
// Ranges and errors, swept by tests/vecmath_test.cc (largest on AVX-512 and AVX2, in ulps of the
// result, subnormal spacing below the normal range):
//   Exp               f32 [-104, 88.7]: 0.96     f64 [-746, 709.7]: 0.85   (0 below, inf above)
//   Expm1NonPositive  f32 [-104, 0]:    0.86     f64 [-746, 0]:     0.85
//   ExpFast           f32 [-87, 88]:    0.99
//   Expm1Fast         f32 [-87, 0]:     0.83
//   Expm1FastShort    f32 [-87, 0]:     0.92
#if defined(ACTLAB_SRC_VECMATH_EXP_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_VECMATH_EXP_INL_H_
#undef ACTLAB_SRC_VECMATH_EXP_INL_H_
#else
#define ACTLAB_SRC_VECMATH_EXP_INL_H_
#endif

#include "hwy/highway.h"
#include "vecmath/core-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::vecmath::HWY_NAMESPACE {

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
  V<D> r;                            // reduced argument
  V<D> em1;                          // expm1(r), error about half an ulp
  V<D> em1_lo;                       // the rounding error of em1's last addition
  hn::Vec<hn::RebindToSigned<D>> n;  // the power of two
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
// multiplies head by its other factors first and by scale last rounds into the subnormal range
// once, so results there keep every bit they can hold. NaN gives NaN, -inf 0, +inf inf.
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
  const V<D> p = hn::Add(hn::MulAdd(x_lo, hn::Add(red.em1, Const(d, 1.0)), red.em1), Const(d, 1.0));
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

}  // namespace actlab::vecmath::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
