// Vector part (erfcx fit, exp core): one generic kernel per activation, for float and double alike.
// Compiled once per instruction set by src/kernels/dispatch.cc only.
#if defined(ACTLAB_SRC_KERNELS_GELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_KERNELS_GELU_INL_H_
#undef ACTLAB_SRC_KERNELS_GELU_INL_H_
#else
#define ACTLAB_SRC_KERNELS_GELU_INL_H_
#endif

#include "catalogue/gelu.h"
#include "hwy/highway.h"
#include "vecmath/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::kernels::HWY_NAMESPACE {
using namespace actlab::catalogue;               // the scalar rows
using namespace actlab::vecmath::HWY_NAMESPACE;  // the shared vector maths
// erfcx(z) (1 + z) as a polynomial in s = (z - 5) / (z + 4), z >= 1/2: Chebyshev interpolation
// (mpmath, 200 bits) of the map t = (z - 4) / (z + 4); relative error 1.0e-9 with 13 terms (f32),
// 2.7e-18 with 24 terms (f64). Coefficients lowest degree first; f64's in long double, so that
// its constant term reaches the hi + lo split below with more than double's digits (rounded to
// double first, that constant alone put erfcx up to 0.74 ulp off: gelu forward 3.48 -> 0.48 ulp
// at x = -37.0038).
inline constexpr double kErfcxF32[] = {
    0.664227826398411758221,      -0.155628899804365073744,    0.0801899317078388071684,
    -0.0314998995147099287534,    0.00608615782538712409329,   0.00353181782051865082468,
    -0.00489473127431534443507,   0.0033442868738665675685,    -0.0016287687928808868636,
    0.000586020676768836227148,   -0.000127664655438404124108, -0.00000629188102221058512316,
    0.00000979876649982876521796,
};
inline constexpr long double kErfcxF64[] = {
    0.664227826398411759974L,     -0.15562890770300311337L,       0.0801899310894839005825L,
    -0.0314996774338612381068L,   0.00608617499237034538565L,     0.00353002272599844203407L,
    -0.00489486564244780469891L,  0.00335056078922279957756L,     -0.00162832762008110140625L,
    0.000575189301197436915592L,  -0.000128336764251103358902L,   0.00000302564641524357593764L,
    0.0000102209953557736082232L, -0.00000351941452408835149054L, -4.67729060065096915932e-9L,
    3.63532563949394912249e-7L,   -8.07773889857624675538e-8L,    -2.48471630751967141787e-8L,
    1.33753862445845930031e-8L,   1.00805139465096678243e-9L,     -1.56417924374433161605e-9L,
    3.22321321308969531406e-11L,  1.13203366655451717782e-10L,    -7.94614612508020026791e-12L,
};

// The constant term is added last as hi + lo, so that its own rounding to T does not count (split
// at compile time, so that no long double arithmetic reaches the kernel).
template <const auto& kC, class D>
HWY_INLINE V<D> Horner(D d, V<D> s) {
  constexpr std::size_t kN = sizeof(kC) / sizeof(kC[0]);
  V<D> p = Const(d, static_cast<double>(kC[kN - 1]));
  for (std::size_t i = kN - 1; i-- > 1;) {
    p = hn::MulAdd(p, s, Const(d, static_cast<double>(kC[i])));
  }
  constexpr T<D> kHi = static_cast<T<D>>(kC[0]);
  constexpr T<D> kLo = static_cast<T<D>>(static_cast<long double>(kC[0]) - kHi);
  return hn::Add(hn::MulAdd(p, s, hn::Set(d, kLo)), hn::Set(d, kHi));
}

// erfcx(z) = exp(z^2) erfc(z) for z >= 1/2; 1 + z = one_plus_z + lo given by the caller, the
// quotient refined by one Newton step.
// kFast: the quotients from reciprocal seeds (QuotientStep) instead of divisions.
template <bool kFast = false, class D>
HWY_INLINE V<D> Erfcx(D d, V<D> z, V<D> one_plus_z, V<D> lo) {
  V<D> s;
  if constexpr (kFast) {
    const V<D> den = hn::Add(z, Const(d, 4.0));
    s = QuotientStep<D>(hn::Sub(z, Const(d, 5.0)), den, ReciprocalSeed(d, den));
  } else {
    s = hn::Div(hn::Sub(z, Const(d, 5.0)), hn::Add(z, Const(d, 4.0)));
  }
  const V<D> g = kIsF32<D> ? Horner<kErfcxF32>(d, s) : Horner<kErfcxF64>(d, s);
  const V<D> seed = kFast ? ReciprocalSeed(d, one_plus_z) : hn::Div(Const(d, 1.0), one_plus_z);
  return DivideRefined<D>(g, one_plus_z, lo, seed);
}

// erf(x / sqrt2) / x for |x| <= 1/sqrt2: the Taylor series of erf with 1/sqrt2 folded into the
// coefficients, in powers of x^2 (f32 to x^12, f64 to x^24; truncation < 2^-56).
template <class D>
HWY_INLINE V<D> ErfScaledOverX(D d, V<D> x2) {
  constexpr int kTerms = kIsF32<D> ? 7 : 13;
  V<D> p = hn::Zero(d);
  for (int n = kTerms - 1; n >= 0; --n) {
    // sqrt(2/pi) (-1/2)^n / (n! (2n + 1))
    long double c = 0.797884560802865355879892119868763737L / (2 * n + 1);
    for (int k = 1; k <= n; ++k) c /= 2 * k;
    p = hn::MulAdd(p, x2, Const(d, static_cast<double>(n % 2 ? -c : c)));
  }
  return p;
}

// B(x^2) with gelu'(x) = 1/2 + x B(x^2) for |x| <= 1/sqrt2: erf(x/sqrt2)/(2x) + phi(x) as one
// Taylor series, (1/sqrt(2 pi)) sum (-1/2)^n x^2n (2n + 2) / ((2n + 1) n!) (f32 to x^14, f64 to
// x^26; truncation < 2^-27 / 2^-57). gelu' crosses zero at x = -0.75, where 1/2 and x B cancel:
// one polynomial and one fused x B + 1/2 keep the error near an ulp of 1/8 there (erf and exp
// apart gave 4.1 ulp of 1/8 in f32, 4.5 in f64).
template <class D>
HWY_INLINE V<D> GeluSlopeSeries(D d, V<D> x2) {
  constexpr int kTerms = kIsF32<D> ? 8 : 14;
  V<D> p = hn::Zero(d);
  for (int n = kTerms - 1; n >= 0; --n) {
    long double c = 0.398942280401432677939946059934381868L * (2 * n + 2) / (2 * n + 1);
    for (int k = 1; k <= n; ++k) c /= 2 * k;
    p = hn::MulAdd(p, x2, Const(d, static_cast<double>(n % 2 ? -c : c)));
  }
  return p;
}

// gelu with erf. |x| < 1/sqrt2: x (1/2 + erf(x/sqrt2)/2). Otherwise through
// Phi(-|x|) = exp(-x^2/2) erfcx(|x|/sqrt2) / 2, with x^2 = hi + lo exact (so exp keeps its digits
// far out) and the exponential's scale applied last (subnormal results keep their bits).
template <class D>
struct GeluErfVec {
  static constexpr double kLimit = kIsF32<D> ? 16.0 : 40.0;  // beyond: Phi = 0 or 1 exactly
  struct Parts {
    V<D> xs;          // x clamped to [-kLimit, kLimit]
    V<D> erf_small;   // erf(x/sqrt2), meaningful for |x| < 1/sqrt2
    ExpSplit<D> e;    // exp(-x^2/2)
    V<D> half_erfcx;  // erfcx(|x|/sqrt2) / 2
    decltype(hn::Lt(V<D>(), V<D>())) small;
  };
  // Fast path (float, every |x| < 12.5: no NaN, exp(-x^2/2) Phi(-|x|) >= 4e-36 normal, so that
  // x Phi(-|x|) is rounded once): no split scaling, quotients from reciprocal seeds. (With 13,
  // Phi(-|x|) went subnormal near the edge and forward reached 3.60 ulp at x = -12.99.)
  static auto FastLanes(D d, V<D> x) { return hn::Lt(hn::Abs(x), Const(d, 12.5)); }
  template <bool kFast = false>
  static Parts Prepare(D d, V<D> x) {
    const V<D> limit = Const(d, kLimit);
    const V<D> xs = kFast ? x : hn::Min(hn::Max(x, hn::Neg(limit)), limit);
    const V<D> z = hn::Mul(hn::Abs(xs), Const(d, 0.707106781186547524400844362104849039));
    const V<D> sq = hn::Mul(xs, xs);
    const V<D> erf_small = hn::Mul(xs, ErfScaledOverX(d, sq));
    const V<D> sq_lo = TwoProdError<D>(xs, xs, sq);
    ExpSplit<D> e;
    if constexpr (kFast) {
      e = {ExpFast(d, hn::Mul(Const(d, -0.5), sq), hn::Mul(Const(d, -0.5), sq_lo)), Const(d, 1.0)};
    } else {
      e = ExpParts(d, hn::Mul(Const(d, -0.5), sq), hn::Mul(Const(d, -0.5), sq_lo));
    }
    // 1 + z = 1 + |x| / sqrt2 as hi + lo: (hi - 1) is exact, the rest comes from FMA.
    const auto inv_sqrt2 = Split<T<D>>::Of(0.707106781186547524400844362104849039L);
    const V<D> ax = hn::Max(hn::Abs(xs), Const(d, 0.70710678118654752440));
    const V<D> z_large = hn::Max(z, Const(d, 0.5));
    const V<D> one_plus_z = hn::MulAdd(ax, hn::Set(d, inv_sqrt2.hi), Const(d, 1.0));
    const V<D> one_plus_z_lo =
        hn::MulAdd(ax, hn::Set(d, inv_sqrt2.lo),
                   hn::MulSub(ax, hn::Set(d, inv_sqrt2.hi), hn::Sub(one_plus_z, Const(d, 1.0))));
    const V<D> half_erfcx =
        hn::Mul(Const(d, 0.5), Erfcx<kFast>(d, z_large, one_plus_z, one_plus_z_lo));
    return {xs, erf_small, e, half_erfcx, hn::Lt(hn::Abs(x), Const(d, 0.70710678118654752440))};
  }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const { return ValueOf(d, x, Prepare<true>(d, x)); }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const { return ValueOf(d, x, Prepare(d, x)); }
  V<D> ValueOf(D d, V<D> x, const Parts& p) const {
    const V<D> small = hn::Mul(x, hn::MulAdd(Const(d, 0.5), p.erf_small, Const(d, 0.5)));
    const V<D> tail_head = hn::Mul(p.e.head, p.half_erfcx);  // Phi(-|x|) = tail_head scale
    // x Phi(-|x|) with the rounding error of exp * erfcx/2 carried into the product with x, so
    // that the three factors round once (float: 4.05 ulp at x = -1.848 over every input without).
    const V<D> tail_lo = TwoProdError<D>(p.e.head, p.half_erfcx, tail_head);
    const V<D> negative = hn::Mul(hn::MulAdd(p.xs, tail_head, hn::Mul(p.xs, tail_lo)), p.e.scale);
    const V<D> positive = hn::NegMulAdd(p.xs, hn::Mul(tail_head, p.e.scale), x);
    const V<D> large = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), negative, positive);
    return KeepNaN<D>(x, hn::IfThenElse(p.small, small, large));
  }
  // Phi(x) + x phi(x).
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    return DerivativeOf(d, x, Prepare<true>(d, x));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    return DerivativeOf(d, x, Prepare(d, x));
  }
  V<D> DerivativeOf(D d, V<D> x, const Parts& p) const {
    const V<D> inv_sqrt_2pi = Const(d, 0.398942280401432677939946059934381868);
    const V<D> small = hn::MulAdd(p.xs, GeluSlopeSeries(d, hn::Mul(p.xs, p.xs)), Const(d, 0.5));
    const V<D> bracket = hn::MulAdd(p.xs, inv_sqrt_2pi, p.half_erfcx);  // < 0 for x < -0.75
    const V<D> negative = hn::Mul(hn::Mul(p.e.head, bracket), p.e.scale);
    const V<D> positive = hn::Add(
        Const(d, 1.0),
        hn::Mul(hn::Mul(p.e.head, hn::MulSub(p.xs, inv_sqrt_2pi, p.half_erfcx)), p.e.scale));
    const V<D> large = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), negative, positive);
    return KeepNaN<D>(x, hn::IfThenElse(p.small, small, large));
  }
};

// gelu with tanh: x sigmoid(2u), 2u = 2 sqrt(2/pi) x (1 + 0.044715 x^2) formed as hi + lo with
// error-free products (each constant split in two), so that exp(2u) keeps its digits where
// 2u is large and negative; the quotient and scaling as for sigmoid.
template <class D>
struct GeluTanhVec {
  static constexpr double kLimit = kIsF32<D> ? 12.0 : 24.0;  // beyond: sigmoid(2u) = 0 or 1
  Split<T<D>> cubic = Split<T<D>>::Of(0.044715L);
  Split<T<D>> two_k = Split<T<D>>::Of(2 * Gelu::kSqrt2OverPi);

  // The logistic pieces of 2u, and the parts of 2u = 2k x (1 + c x^2) that the derivative
  // reuses: 2k x = w + w_lo, c x^2 = t + t_lo (each to about twice T's precision).
  struct Parts {
    Logistic<D> l;
    V<D> w, w_lo, t, t_lo;
  };

  // Fast path (float, every x > -9.9, no NaN): x clamped above at 9.9 (sigmoid(2u) = 1 there),
  // so that |2u| < 87 and e = exp(-|2u|) is normal; the quotients from the reciprocal seed.
  static auto FastLanes(D d, V<D> x) { return hn::Gt(x, Const(d, -9.9)); }
  template <bool kFast = false>
  Parts Prepare(D d, V<D> xs) const {
    const V<D> one = Const(d, 1.0);
    const V<D> sq = hn::Mul(xs, xs);
    const V<D> sq_lo = TwoProdError<D>(xs, xs, sq);
    const V<D> c_hi = hn::Set(d, cubic.hi);
    const V<D> t = hn::Mul(c_hi, sq);
    const V<D> t_lo =
        hn::MulAdd(c_hi, sq_lo, hn::MulAdd(hn::Set(d, cubic.lo), sq, TwoProdError<D>(c_hi, sq, t)));
    const V<D> v = hn::Add(one, t);
    // t >= 0, so v >= 1 and 1 - v is exact: (1 - v) + t is v's exact rounding error.
    const V<D> v_lo = hn::Add(hn::Add(hn::Sub(one, v), t), t_lo);
    const V<D> k_hi = hn::Set(d, two_k.hi);
    const V<D> w = hn::Mul(k_hi, xs);
    const V<D> w_lo = hn::MulAdd(hn::Set(d, two_k.lo), xs, TwoProdError<D>(k_hi, xs, w));
    const V<D> a = hn::Mul(w, v);
    const V<D> a_lo = hn::MulAdd(w, v_lo, hn::MulAdd(w_lo, v, TwoProdError<D>(w, v, a)));
    // -|2u| = -|a| + correction: a_lo with the sign of -a flipped in (a >= 0: -a_lo).
    const V<D> correction = hn::Xor(a_lo, hn::AndNot(a, hn::SignBit(d)));
    const V<D> neg = NegAbs(d, a);
    if constexpr (kFast) {
      const V<D> e = ExpFast(d, neg, correction);
      const V<D> den = hn::Add(one, e);
      // q den_lo is about e^2: zero where that would be subnormal (and far below e's last bit).
      const V<D> den_lo =
          hn::IfThenZeroElse(hn::Lt(e, Const(d, 0x1p-60)), hn::Sub(e, hn::Sub(den, one)));
      const V<D> seed = ReciprocalSeed(d, den);
      const V<D> r = DivideRefined<D>(one, den, den_lo, seed);
      const V<D> g = DivideRefined<D>(e, den, den_lo, seed);
      return {{{e, one}, r, g, g, g}, w, w_lo, t, t_lo};
    } else {
      return {LogisticFromExp(d, ExpParts(d, neg, correction)), w, w_lo, t, t_lo};
    }
  }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    const V<D> xs = hn::Min(x, Const(d, 9.9));
    const Logistic<D> l = Prepare<true>(d, xs).l;
    return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), hn::Mul(xs, l.g), hn::Mul(x, l.r));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const V<D> limit = Const(d, kLimit);
    const V<D> xs = hn::Min(hn::Max(x, hn::Neg(limit)), limit);
    const Logistic<D> l = Prepare(d, xs).l;
    const V<D> negative = hn::Mul(hn::Mul(xs, l.g_head), l.e.scale);
    return KeepNaN<D>(x, hn::IfThenElse(hn::Lt(x, hn::Zero(d)), negative, hn::Mul(x, l.r)));
  }
  // s + 2 x s (1 - s) u' with s = sigmoid(2u): for x < 0 as g (1 + x r 2u'), scaled last.
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    const V<D> xs = hn::Min(x, Const(d, 9.9));
    return DerivativeOf(d, x, Prepare<true>(d, xs));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    const V<D> limit = Const(d, kLimit);
    const V<D> xs = hn::Min(hn::Max(x, hn::Neg(limit)), limit);
    return DerivativeOf(d, x, Prepare(d, xs));
  }
  V<D> DerivativeOf(D d, V<D> x, const Parts& p) const {
    // x 2u' = 2k x (1 + 3c x^2) = (w + w_lo)(inner + inner_lo), inner = 1 + 3t, to about twice T's
    // precision: g (1 + x r 2u') passes the relative error of x 2u' on whole where it is large
    // (float32 backward was 4.39 ulp at x = -3.36 with 2u' rounded twice).
    const Logistic<D>& l = p.l;
    const V<D> one = Const(d, 1.0);
    const V<D> three = Const(d, 3.0);
    const V<D> inner = hn::MulAdd(three, p.t, one);
    // inner >= 1, so 1 - inner is exact and the FMA below is inner's rounding error.
    const V<D> inner_lo = hn::MulAdd(three, p.t_lo, hn::MulAdd(three, p.t, hn::Sub(one, inner)));
    const V<D> x_du2 = hn::Mul(p.w, inner);
    const V<D> x_du2_lo =
        hn::MulAdd(p.w, inner_lo, hn::MulAdd(p.w_lo, inner, TwoProdError<D>(p.w, inner, x_du2)));
    const V<D> positive = hn::MulAdd(x_du2, hn::Mul(l.g_flushed, l.r), l.r);
    // bracket = 1 + (x 2u') r rounded once, and what it leaves (bracket_lo) carried into the
    // product with g: where bracket is below 1 in magnitude, adding the low part to 1 first
    // rounded at 1's ulp (3.59 ulp at x = -0.33). 1 - bracket is exact for bracket in [1/2, 1]
    // and wherever 1 + |bracket| stays in bracket's binade; elsewhere it rounds at 1's ulp, as
    // before.
    const V<D> bracket = hn::MulAdd(x_du2, l.r, one);
    const V<D> bracket_lo =
        hn::MulAdd(x_du2_lo, l.r, hn::MulAdd(x_du2, l.r, hn::Sub(one, bracket)));
    const V<D> negative =
        hn::Mul(hn::MulAdd(l.g_head, bracket, hn::Mul(l.g_head, bracket_lo)), l.e.scale);
    return KeepNaN<D>(x, hn::IfThenElse(hn::Lt(x, hn::Zero(d)), negative, positive));
  }
};

// The entry: one of the two forms, chosen once per call.
template <class D>
struct GeluVec {
  bool uses_tanh;
  GeluErfVec<D> erf_form;
  GeluTanhVec<D> tanh_form;
  GeluVec(D, const double* p) : uses_tanh(Gelu::UsesTanh(p)) {}
  template <class F>
  void Visit(F&& f) const {
    uses_tanh ? f(tanh_form) : f(erf_form);
  }
};

}  // namespace actlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
